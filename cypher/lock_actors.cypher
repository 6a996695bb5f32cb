// Takes write locks on actors in id order (no deadlocks), creating missing ones as empty
// placeholders that write_actors fills in the same transaction; a concurrent writer of the
// same actor waits here, then reads what this one wrote. Returns the stored actors.
// Params: $ids (actor ids, sorted).
UNWIND $ids AS id
MERGE (a:Actor {id: id})
SET a._lock = true
REMOVE a._lock
RETURN a {.id, .name, .type, .aliases, .wikidata_id, .country, .role} AS actor
