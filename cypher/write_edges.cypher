// Sets the properties of existing aggregated edges (their actors locked by lock_actors).
// Index hints keep the plan right while the graph is still small.
// Params: $edges (list of {source, target, rel, props}).
UNWIND $edges AS e
MATCH (s:Actor {id: e.source}), (t:Actor {id: e.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
MATCH (s)-[r]->(other)
WHERE other = t AND type(r) = e.rel
SET r = e.props
