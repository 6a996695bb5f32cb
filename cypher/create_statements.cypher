// Creates an article's statements, each linked to its subject, object and article.
// Params: $rows (statement rows: id, source, target, type, modality, evidence, ...).
UNWIND $rows AS row
MATCH (s:Actor {id: row.source}), (t:Actor {id: row.target}), (d:Article {id: row.article_id})
CREATE (st:Statement)
SET st = row
CREATE (st)-[:SUBJECT]->(s), (st)-[:OBJECT]->(t), (st)-[:FROM]->(d)
