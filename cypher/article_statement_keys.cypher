// The (source, type, target) keys of some articles' statements: the edges to recompute after
// they are replaced or retracted. Params: $ids (article ids).
UNWIND $ids AS id
MATCH (s:Statement {article_id: id})
RETURN DISTINCT s.source AS source, s.type AS type, s.target AS target
