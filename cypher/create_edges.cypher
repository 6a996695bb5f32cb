// Creates aggregated edges that do not exist yet (their actors are locked by lock_actors).
// Index hints keep the plan right while the graph is still small.
// Params: $edges (list of {source, target, rel, props}).
UNWIND $edges AS e
MATCH (s:Actor {id: e.source}), (t:Actor {id: e.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
CREATE (s)-[r:$(e.rel)]->(t)
SET r = e.props
