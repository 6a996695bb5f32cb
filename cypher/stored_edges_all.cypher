// Every aggregated edge with its sums and top evidence ranks, strongest first, one page and
// how many there are. Params: $rel_types, $min_confidence, $skip, $limit (null: all).
MATCH (s:Actor)-[r:{{AGGREGATED}}]->(t:Actor)
WHERE type(r) IN $rel_types AND r.confidence >= $min_confidence
WITH s.id AS source, toLower(type(r)) AS type, t.id AS target, r.weight AS weight,
  r.mentions AS mentions, r
ORDER BY {{EDGE_ORDER}}
// Relationships are collected as references: only the page's properties are read.
WITH collect([source, type, target, r]) AS edges
WITH size(edges) AS total,
  CASE WHEN $limit IS NULL THEN edges[$skip..] ELSE edges[$skip..$skip + $limit] END AS page
RETURN total, [e IN page | {source: e[0], type: e[1], target: e[2], props: properties(e[3])}] AS edges
