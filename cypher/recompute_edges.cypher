// Rebuilds the aggregated edge of each (source, type, target) key from its factual statements
// (hypothetical and negated ones never create or strengthen an edge). Run after lock_actors in
// the same transaction, so concurrent writers of one pair serialise: no duplicate edges.
// Relationship types come from actorgraph's fixed RelationType enum.
// Index hints keep the plan right while the graph is still small.
// Params: $keys (list of {source, type, target, rel}), $modality_order (list of modalities).
UNWIND $keys AS key
MATCH (s:Actor {id: key.source}), (t:Actor {id: key.target})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
CALL (s, t, key) {
  MATCH (s)-[old]->(other)
  WHERE other = t AND type(old) = key.rel
  DELETE old
}
CALL (key) {
  OPTIONAL MATCH (st:Statement {source: key.source, type: key.type, target: key.target})
  USING INDEX st:Statement(source, type, target)
  WHERE st.factual
  RETURN count(st) AS mentions, count(DISTINCT st.article_id) AS articles,
    min(st.published) AS first_seen, max(st.published) AS last_seen,
    avg(st.weight) AS weight, collect(st.confidence) AS confidences,
    collect(DISTINCT st.modality) AS modalities
}
WITH s, t, key, mentions, articles, first_seen, last_seen, weight, confidences, modalities
WHERE mentions > 0
CREATE (s)-[r:$(key.rel)]->(t)
SET r.mentions = mentions,
    r.articles = articles,
    r.first_seen = first_seen,
    r.last_seen = last_seen,
    r.weight = round(weight, 4),
    r.weight_sum = weight * mentions,
    r.doubt = reduce(doubt = 1.0, c IN confidences | doubt * (1.0 - c)),
    r.confidence = round(1.0 - reduce(doubt = 1.0, c IN confidences | doubt * (1.0 - c)), 4),
    r.modalities = [m IN $modality_order WHERE m IN modalities]
