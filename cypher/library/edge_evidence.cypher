// The evidence for one edge: every statement behind it, with sentence, article and date.
// Params: $source, $target (actor ids), $type (relation type, e.g. "supports").
MATCH (st:Statement {source: $source, target: $target, type: $type})-[:FROM]->(d:Article)
RETURN st.sentence AS sentence, st.modality AS modality, st.confidence AS confidence,
       st.trigger AS trigger, st.start AS start, st.end AS end,
       d.id AS article, d.title AS title, d.published AS published
ORDER BY published DESC, confidence DESC, start
