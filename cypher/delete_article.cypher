// Deletes one article node. Params: $id (article id).
MATCH (a:Article {id: $id})
DETACH DELETE a
