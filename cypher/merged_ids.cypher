// Where merged-away actor ids now point. Params: $ids (list of actor ids).
UNWIND $ids AS id
MATCH (m:MergedId {id: id})
RETURN m.id AS id, m.into AS into
