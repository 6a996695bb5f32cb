// The stored factual statements of each edge key, leaving out some articles: what a retract,
// a replace, a merge or an earlier copy of a story rebuilds the edge from
// (graph/store/aggregate.py). Index hints keep the plan right while the graph is still small.
// Params: $keys (list of {source, type, target}), $excluded (article ids).
UNWIND $keys AS key
OPTIONAL MATCH (st:Statement {source: key.source, type: key.type, target: key.target})
USING INDEX st:Statement(source, type, target)
WHERE st.factual AND NOT st.article_id IN $excluded
WITH key, collect(st {.article_id, .story, .outlet, .published, .weight, .confidence, .modality,
  .rank}) AS rows
RETURN key.source AS source, key.type AS type, key.target AS target, rows
