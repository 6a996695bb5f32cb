// Deletes the MENTIONED_IN links to one article. Params: $id (article id).
MATCH (:Actor)-[m:MENTIONED_IN]->(:Article {id: $id})
DELETE m
