// Edges aggregated from the statements inside a window (dates and modalities) by the database:
// the sums graph/store/aggregate.py turns into edge properties, and each edge's best evidence
// ranks. One story counts once: of each edge's statements of a story, only those of its
// counted copy (the least story order: earliest published, undated last, then article id)
// count; every copy counts as an outlet.
// Params: $modalities, $since, $until (dates as text or null), $keep (evidence kept),
// $undated (what sorts after dates).
MATCH (st:Statement)
WHERE st.modality IN $modalities
  AND ($since IS NULL OR st.published >= $since)
  AND ($until IS NULL OR (st.published IS NOT NULL AND substring(st.published, 0, 10) <= $until))
WITH st, coalesce(left(st.published, 10), $undated) + st.article_id AS ord
WITH st.source AS source, st.type AS type, st.target AS target, st.story AS story,
  collect([ord, st]) AS copies, min(ord) AS head
WITH source, type, target, [c IN copies WHERE c[0] = head | c[1]] AS counted,
  [c IN copies | c[1].outlet] AS outlets
WITH source, type, target, collect(counted) AS counted, collect(outlets) AS outlets
CALL (outlets) {
  UNWIND outlets AS some
  UNWIND some AS outlet
  RETURN count(DISTINCT outlet) AS sources
}
UNWIND counted AS story
UNWIND story AS st
WITH source, type, target, sources, st ORDER BY st.rank
WITH source, type, target, sources, count(*) AS mentions, count(DISTINCT st.story) AS articles,
  sum(st.weight) AS weight_sum, collect(st.confidence) AS confidences,
  min(substring(st.published, 0, 10)) AS first_seen, max(substring(st.published, 0, 10)) AS last_seen,
  collect(DISTINCT st.modality) AS modalities, collect(st.rank) AS ranks
RETURN source, type, target, mentions, articles, sources, weight_sum,
  reduce(d = 1.0, c IN confidences | d * (1.0 - c)) AS doubt, first_seen, last_seen, modalities,
  ranks[..$keep] AS top
