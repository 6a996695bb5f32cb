// Outlets by id. Params: $ids.
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.name AS name, s.host AS host
