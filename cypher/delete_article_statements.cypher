// Deletes every statement of one article. Params: $id (article id).
MATCH (s:Statement {article_id: $id})
DETACH DELETE s
