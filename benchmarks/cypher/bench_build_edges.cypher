// Benchmark baseline: every aggregated edge built in one pass over the loaded statements, with
// the same properties actorgraph keeps (sums, derived values, top evidence ranks).
// Params: $keep (evidence ranks kept per edge).
MATCH (st:Statement)
WHERE st.factual
WITH st ORDER BY st.rank
WITH st.source AS source, st.type AS type, st.target AS target, count(*) AS mentions,
  count(DISTINCT st.article_id) AS articles, min(st.published) AS first_seen,
  max(st.published) AS last_seen, sum(st.weight) AS weight_sum,
  collect(st.confidence) AS confidences, collect(DISTINCT st.modality) AS modalities,
  collect(st.rank)[..$keep] AS top
MATCH (s:Actor {id: source}), (t:Actor {id: target})
CALL (s, t, type, mentions, articles, first_seen, last_seen, weight_sum, confidences, modalities, top) {
  CREATE (s)-[r:$(toUpper(type))]->(t)
  SET r.mentions = mentions, r.articles = articles, r.first_seen = first_seen,
    r.last_seen = last_seen, r.weight = round(weight_sum / mentions, 4), r.weight_sum = weight_sum,
    r.doubt = reduce(doubt = 1.0, c IN confidences | doubt * (1.0 - c)),
    r.confidence = round(1.0 - reduce(doubt = 1.0, c IN confidences | doubt * (1.0 - c)), 4),
    r.modalities = modalities, r.top = top
} IN TRANSACTIONS OF 5000 ROWS
