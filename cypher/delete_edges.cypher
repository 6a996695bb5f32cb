// Deletes aggregated edges that no factual statement supports any more.
// Index hints and the OPTIONAL MATCH keep the plan an expansion into the end with fewer edges
// (see write_edges). Params: $keys (list of {source, target, rel}).
UNWIND $keys AS key
MATCH (s:Actor {id: key.source}), (t:Actor {id: key.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
OPTIONAL MATCH (s)-[r:{{AGGREGATED}}]->(t)
WHERE type(r) = key.rel
WITH r
WHERE r IS NOT NULL
DELETE r
