// Whether an article is stored. Params: $id (article id).
OPTIONAL MATCH (a:Article {id: $id})
RETURN a IS NOT NULL AS found
