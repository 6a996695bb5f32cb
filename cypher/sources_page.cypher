// A page of outlets by name then id, each with how many stored articles it published.
// Params: $offset, $limit.
MATCH (s:Source)
WITH s ORDER BY s.name, s.id
SKIP $offset LIMIT $limit
RETURN s.id AS id, s.name AS name, s.host AS host, COUNT { (s)-[:PUBLISHED]->(:Article) } AS articles
