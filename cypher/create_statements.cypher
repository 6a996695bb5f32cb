// Creates an article's statements, each linked to its subject, object and article.
// Index hints keep the plan right while the graph is still small.
// Params: $rows (statement rows: id, source, target, type, modality, evidence, ...).
UNWIND $rows AS row
MATCH (s:Actor {id: row.source}), (t:Actor {id: row.target}), (d:Article {id: row.article_id})
USING INDEX s:Actor(id)
USING INDEX t:Actor(id)
USING INDEX d:Article(id)
CREATE (st:Statement)
SET st = row
CREATE (st)-[:SUBJECT]->(s), (st)-[:OBJECT]->(t), (st)-[:FROM]->(d)
