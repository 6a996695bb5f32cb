// Deletes actors that no article mentions and no statement is about any more.
// Params: $ids (candidate actor ids).
UNWIND $ids AS id
MATCH (a:Actor {id: id})
WHERE NOT (:Article)-[:MENTIONS]->(a) AND NOT (:Statement)-->(a)
DETACH DELETE a
