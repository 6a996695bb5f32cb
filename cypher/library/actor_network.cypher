// An actor's network as a graph to look at: who supports, opposes, calls or controls whom
// around it, one step away, with the aggregated relationships between them.
// Params: $actor (actor id, e.g. "iran").
MATCH (a:Actor {id: $actor})-[r:SUPPORTS|OPPOSES|CALLS|CONTROLS]-(b:Actor)
RETURN a, r, b
ORDER BY r.mentions DESC, b.id
LIMIT 200
