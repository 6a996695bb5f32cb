// Links actors to the article that mentions them, with how often. Params: $article, $rows.
UNWIND $rows AS row
MATCH (a:Actor {id: row.actor}), (d:Article {id: $article})
MERGE (a)-[m:MENTIONED_IN]->(d)
SET m.count = row.count
