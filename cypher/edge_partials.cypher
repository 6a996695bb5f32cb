// What the stored factual statements of each key contribute to its aggregated edge, leaving
// out articles being replaced. Read before the new statements are written.
// Index hints keep the plan right while the graph is still small.
// Params: $keys (list of {source, type, target}), $excluded (article ids).
UNWIND $keys AS key
OPTIONAL MATCH (st:Statement {source: key.source, type: key.type, target: key.target})
USING INDEX st:Statement(source, type, target)
WHERE st.factual AND NOT st.article_id IN $excluded
WITH key, collect(st) AS sts
RETURN key.source AS source, key.type AS type, key.target AS target,
  [s IN sts | s.article_id] AS article_ids,
  [s IN sts | s.published] AS published,
  [s IN sts | s.weight] AS weights,
  [s IN sts | s.confidence] AS confidences,
  [s IN sts | s.modality] AS modalities
