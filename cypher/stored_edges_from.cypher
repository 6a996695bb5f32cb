// Aggregated edges from one actor (optionally to another) with their sums and top evidence
// ranks, strongest first, one page and how many there are. Params: $source, $target (actor id
// or null), $rel_types, $min_confidence, $skip, $limit (null: all).
MATCH (s:Actor {id: $source})-[r:SUPPORTS|OPPOSES|CONTROLS|CALLS|LEADS|MEMBER_OF|LOCATED_IN]->(t:Actor)
WHERE type(r) IN $rel_types AND r.confidence >= $min_confidence
  AND ($target IS NULL OR t.id = $target)
WITH s.id AS source, toLower(type(r)) AS type, t.id AS target, r
ORDER BY abs(r.weight) * r.mentions DESC, r.mentions DESC, source, type, target
WITH collect({source: source, type: type, target: target, props: r {.*}}) AS edges
RETURN size(edges) AS total,
  CASE WHEN $limit IS NULL THEN edges[$skip..] ELSE edges[$skip..$skip + $limit] END AS edges
