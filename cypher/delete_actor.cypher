// Deletes one actor node and its relationships. Params: $id.
MATCH (a:Actor {id: $id})
DETACH DELETE a
