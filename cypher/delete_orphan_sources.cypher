// Deletes outlets that published no stored article any more. Params: $ids (candidate ids).
UNWIND $ids AS id
MATCH (s:Source {id: id})
WHERE NOT (s)-[:PUBLISHED]->(:Article)
DETACH DELETE s
