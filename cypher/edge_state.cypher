// The sums kept on aggregated edges (null where no edge exists yet), so new articles add to an
// edge without rereading its statements.
// Index hints keep the plan right while the graph is still small.
// Params: $keys (list of {source, type, target, rel}).
UNWIND $keys AS key
MATCH (s:Actor {id: key.source}), (t:Actor {id: key.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
// Expanding from the source (whose outgoing links are only its edges) is the one plan that
// stays cheap whatever the statistics say; a pattern with both ends bound may be planned as a
// scan of all relationships on a new or freshly wiped graph.
OPTIONAL MATCH (s)-[r]->(other)
WHERE other = t AND type(r) = key.rel
RETURN key.source AS source, key.type AS type, key.target AS target, r {.*} AS props
