// Deletes the MENTIONS links of some articles. Params: $ids (article ids).
UNWIND $ids AS id
MATCH (:Article {id: id})-[m:MENTIONS]->(:Actor)
DELETE m
