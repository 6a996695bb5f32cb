// The (source, type, target) keys of an article's statements: the edges to recompute after
// the article is replaced or retracted. Params: $id (article id).
MATCH (s:Statement {article_id: $id})
RETURN DISTINCT s.source AS source, s.type AS type, s.target AS target
