// Moves statements whose subject is the other actor to the kept one. Params: $keep, $other.
MATCH (k:Actor {id: $keep}), (st:Statement)-[r:SUBJECT]->(:Actor {id: $other})
DELETE r
CREATE (st)-[:SUBJECT]->(k)
SET st.source = $keep
