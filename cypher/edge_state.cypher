// The sums kept on aggregated edges (null where no edge exists yet), so new articles add to an
// edge without rereading its statements.
// Index hints keep the plan right while the graph is still small; with both ends bound and the
// aggregated types named, the edge is found by expanding into the end with fewer edges (a
// hub's thousands of edges are never walked).
// Params: $keys (list of {source, type, target, rel}).
UNWIND $keys AS key
MATCH (s:Actor {id: key.source}), (t:Actor {id: key.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
OPTIONAL MATCH (s)-[r:{{AGGREGATED}}]->(t)
WHERE type(r) = key.rel
RETURN key.source AS source, key.type AS type, key.target AS target, r {.*} AS props
