// Deletes aggregated edges that no factual statement supports any more.
// Index hints keep the plan right while the graph is still small.
// Params: $keys (list of {source, target, rel}).
UNWIND $keys AS key
MATCH (s:Actor {id: key.source}), (t:Actor {id: key.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
MATCH (s)-[r]->(other)
WHERE other = t AND type(r) = key.rel
DELETE r
