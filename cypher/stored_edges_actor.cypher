// An actor's aggregated edges with their sums and top evidence ranks, strongest first (the
// engine's edge order), one page of them and how many there are. Params: $actor, $rel_types
// (aggregated relationship types), $outgoing, $incoming (booleans), $min_confidence, $source,
// $target (actor ids or null), $skip, $limit (null: all).
MATCH (a:Actor {id: $actor})-[r:{{AGGREGATED}}]-(:Actor)
WHERE type(r) IN $rel_types AND r.confidence >= $min_confidence
WITH a, r, startNode(r) AS s, endNode(r) AS t
WHERE (($outgoing AND s = a) OR ($incoming AND t = a))
  AND ($source IS NULL OR s.id = $source) AND ($target IS NULL OR t.id = $target)
WITH s.id AS source, toLower(type(r)) AS type, t.id AS target, r.weight AS weight,
  r.mentions AS mentions, r
ORDER BY {{EDGE_ORDER}}
// Relationships are collected as references: only the page's properties are read.
WITH collect([source, type, target, r]) AS edges
WITH size(edges) AS total,
  CASE WHEN $limit IS NULL THEN edges[$skip..] ELSE edges[$skip..$skip + $limit] END AS page
RETURN total, [e IN page | {source: e[0], type: e[1], target: e[2], props: properties(e[3])}] AS edges
