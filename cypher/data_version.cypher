// The data version: changes with every write. Params: $key (the version node's key).
OPTIONAL MATCH (m:Meta {key: $key})
RETURN coalesce(m.value, 0) AS version
