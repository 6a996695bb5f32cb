// Edges aggregated from the statements inside a window (dates and modalities) by the database:
// the sums graph/store/aggregate.py turns into edge properties, and each edge's best evidence
// ranks. Params: $modalities, $since, $until (dates as text or null), $keep (evidence kept).
MATCH (st:Statement)
WHERE st.modality IN $modalities
  AND ($since IS NULL OR st.published >= $since)
  AND ($until IS NULL OR (st.published IS NOT NULL AND substring(st.published, 0, 10) <= $until))
WITH st ORDER BY st.rank
WITH st.source AS source, st.type AS type, st.target AS target, count(*) AS mentions,
  count(DISTINCT st.article_id) AS articles, sum(st.weight) AS weight_sum,
  collect(st.confidence) AS confidences, min(substring(st.published, 0, 10)) AS first_seen,
  max(substring(st.published, 0, 10)) AS last_seen, collect(DISTINCT st.modality) AS modalities,
  collect(st.rank) AS ranks
RETURN source, type, target, mentions, articles, weight_sum,
  reduce(d = 1.0, c IN confidences | d * (1.0 - c)) AS doubt, first_seen, last_seen, modalities,
  ranks[..$keep] AS top
