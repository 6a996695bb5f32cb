// Links articles to the actors they mention, with how often.
// Index hints keep the plan right while the graph is still small.
// Params: $rows (list of {actor, article, count}).
UNWIND $rows AS row
MATCH (a:Actor {id: row.actor}), (d:Article {id: row.article})
USING INDEX a:Actor(id)
USING INDEX d:Article(id)
MERGE (d)-[m:MENTIONS]->(a)
SET m.count = row.count
