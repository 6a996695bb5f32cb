// Statements found from an article or an actor (by index), then filtered: what edges with a
// date window, one modality or one article are aggregated from. Params: $from, $to (actor ids
// to seek by subject / object, or null), $article, $actor, $outgoing, $incoming, $types,
// $source, $target, $since, $until (dates as text or null), $modalities.
CALL () {
  MATCH (st:Statement {article_id: $article})
  RETURN st
  UNION
  MATCH (st:Statement {source: $from})
  RETURN st
  UNION
  MATCH (st:Statement {target: $to})
  RETURN st
}
WITH st
WHERE st.modality IN $modalities
  AND (size($types) = 0 OR st.type IN $types)
  AND ($source IS NULL OR st.source = $source)
  AND ($target IS NULL OR st.target = $target)
  AND ($article IS NULL OR st.article_id = $article)
  AND ($since IS NULL OR st.published >= $since)
  AND ($until IS NULL OR (st.published IS NOT NULL AND substring(st.published, 0, 10) <= $until))
  AND ($actor IS NULL OR ($outgoing AND st.source = $actor) OR ($incoming AND st.target = $actor))
OPTIONAL MATCH (d:Article {id: st.article_id})
RETURN st {.*, title: d.title} AS statement
