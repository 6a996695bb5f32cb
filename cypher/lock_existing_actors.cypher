// Takes write locks on existing actors in id order (no deadlocks); returns them.
// Params: $ids (actor ids, sorted).
UNWIND $ids AS id
MATCH (a:Actor {id: id})
USING INDEX a:Actor(id)
SET a._lock = true
REMOVE a._lock
RETURN a {.id, .name, .type, .aliases, .wikidata_id, .country, .role} AS actor
