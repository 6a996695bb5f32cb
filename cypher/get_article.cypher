// One article with the actors it mentions and its number of statements. Params: $id.
MATCH (a:Article {id: $id})
OPTIONAL MATCH (a)-[:MENTIONS]->(x:Actor)
WITH a, collect(x.id) AS actors
OPTIONAL MATCH (s:Statement {article_id: a.id})
RETURN a {.*} AS article, actors, count(s) AS statements
