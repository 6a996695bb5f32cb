// An actor's aggregated edges with their top evidence statements, newest and surest first
// (the same order graph.queries.build_edges uses). Answers unfiltered questions without
// reading every statement. Params: $actor, $rel_types (aggregated relationship types),
// $outgoing, $incoming (booleans), $evidence (sentences per edge).
MATCH (a:Actor {id: $actor})-[r]-(other:Actor)
WHERE type(r) IN $rel_types
WITH a, r, startNode(r) AS s, endNode(r) AS t
WHERE ($outgoing AND s = a) OR ($incoming AND t = a)
CALL (s, r, t) {
  OPTIONAL MATCH (st:Statement {source: s.id, type: toLower(type(r)), target: t.id})
  USING INDEX st:Statement(source, type, target)
  WHERE st.factual
  WITH st
  ORDER BY st.published IS NULL, st.published DESC, st.confidence DESC, st.article_id, st.start, st.id
  LIMIT $evidence
  OPTIONAL MATCH (st)-[:FROM]->(d:Article)
  RETURN collect(st {.*, title: d.title}) AS evidence
}
RETURN s.id AS source, t.id AS target, toLower(type(r)) AS type, r {.*} AS props, evidence
