// Sets the properties of existing aggregated edges (their actors locked by lock_actors).
// Index hints keep the plan right while the graph is still small; an OPTIONAL MATCH with both
// ends bound and the aggregated types named is planned as an expansion into the end with fewer
// edges on an empty or a full graph alike (a hub's thousands of edges are never walked).
// Params: $edges (list of {source, target, rel, props}).
UNWIND $edges AS e
MATCH (s:Actor {id: e.source}), (t:Actor {id: e.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
OPTIONAL MATCH (s)-[r:{{AGGREGATED}}]->(t)
WHERE type(r) = e.rel
WITH r, e
WHERE r IS NOT NULL
SET r = e.props
