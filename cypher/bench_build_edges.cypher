// Benchmark baseline: every aggregated edge built in one pass over the loaded statements.
// Params: $modality_order (list of modalities, sorted).
MATCH (st:Statement)
WHERE st.factual
WITH st.source AS source, st.type AS type, st.target AS target, count(*) AS mentions,
  count(DISTINCT st.article_id) AS articles, min(st.published) AS first_seen,
  max(st.published) AS last_seen, avg(st.weight) AS weight,
  collect(st.confidence) AS confidences, collect(DISTINCT st.modality) AS modalities
MATCH (s:Actor {id: source}), (t:Actor {id: target})
CALL (s, t, type, mentions, articles, first_seen, last_seen, weight, confidences, modalities) {
  CREATE (s)-[r:$(toUpper(type))]->(t)
  SET r.mentions = mentions, r.articles = articles, r.first_seen = first_seen,
    r.last_seen = last_seen, r.weight = round(weight, 4), r.weight_sum = weight * mentions,
    r.doubt = reduce(doubt = 1.0, c IN confidences | doubt * (1.0 - c)),
    r.confidence = round(1.0 - reduce(doubt = 1.0, c IN confidences | doubt * (1.0 - c)), 4),
    r.modalities = [m IN $modality_order WHERE m IN modalities]
} IN TRANSACTIONS OF 5000 ROWS
