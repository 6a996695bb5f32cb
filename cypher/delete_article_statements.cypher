// Deletes every statement of some articles. Params: $ids (article ids).
UNWIND $ids AS id
MATCH (s:Statement {article_id: id})
DETACH DELETE s
