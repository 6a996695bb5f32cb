// The running sums kept on aggregated edges, so new articles add to an edge without rereading
// its statements; `found` is false where no edge exists yet.
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
RETURN key.source AS source, key.type AS type, key.target AS target, r IS NOT NULL AS found,
  coalesce(r.mentions, 0) AS mentions, coalesce(r.articles, 0) AS articles,
  coalesce(r.weight_sum, 0.0) AS weight_sum, coalesce(r.doubt, 1.0) AS doubt,
  r.first_seen AS first_seen, r.last_seen AS last_seen, coalesce(r.modalities, []) AS modalities
