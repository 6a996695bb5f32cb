// For each (edge key, story) with factual statements: the story order of its counted copy
// (earliest published, undated last, then article id; graph/store/aggregate.py story_order).
// Params: $pairs (list of {source, type, target, story}), $undated (what sorts after dates).
UNWIND $pairs AS p
MATCH (st:Statement {source: p.source, type: p.type, target: p.target, story: p.story})
USING INDEX st:Statement(source, type, target, story)
WHERE st.factual
RETURN p.source AS source, p.type AS type, p.target AS target, p.story AS story,
  min(coalesce(left(st.published, 10), $undated) + st.article_id) AS head
