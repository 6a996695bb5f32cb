// Every statement read from one article, with the article's title. Params: $article.
MATCH (st:Statement {article_id: $article})
OPTIONAL MATCH (st)-[:FROM]->(d:Article)
RETURN st {.*} AS statement, d.title AS title
