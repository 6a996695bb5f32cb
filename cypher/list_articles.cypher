// A page of articles, newest first (undated last). Params: $offset, $limit.
MATCH (a:Article)
WITH a ORDER BY coalesce(a.published, '') DESC, a.id DESC
SKIP $offset LIMIT $limit
OPTIONAL MATCH (x:Actor)-[:MENTIONED_IN]->(a)
WITH a, collect(x.id) AS actors
OPTIONAL MATCH (s:Statement {article_id: a.id})
RETURN a {.*} AS article, actors, count(s) AS statements
ORDER BY coalesce(a.published, '') DESC, a.id DESC
