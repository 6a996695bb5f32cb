// Moves the MENTIONS links of the other actor to the kept one, adding up counts.
// Params: $keep, $other.
MATCH (k:Actor {id: $keep}), (d:Article)-[m:MENTIONS]->(o:Actor {id: $other})
MERGE (d)-[n:MENTIONS]->(k)
SET n.count = coalesce(n.count, 0) + m.count
DELETE m
