// Moves statements whose object is the other actor to the kept one. Params: $keep, $other.
MATCH (k:Actor {id: $keep}), (st:Statement)-[r:OBJECT]->(:Actor {id: $other})
DELETE r
CREATE (st)-[:OBJECT]->(k)
SET st.target = $keep
