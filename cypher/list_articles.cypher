// A page of articles, newest first (undated last, then by id). Params: $offset, $limit.
MATCH (a:Article)
WITH a ORDER BY a.published IS NULL, a.published DESC, a.id DESC
SKIP $offset LIMIT $limit
CALL (a) {
  OPTIONAL MATCH (a)-[:MENTIONS]->(x:Actor)
  RETURN collect(x.id) AS actors
}
CALL (a) {
  OPTIONAL MATCH (s:Statement {article_id: a.id})
  RETURN count(s) AS statements
}
RETURN a {.*} AS article, actors, statements
