// Takes write locks on the actors whose edges an ingest will touch, in id order (no
// deadlocks): a concurrent writer of the same pair waits here, then reads what this one wrote.
// Params: $ids (actor ids, sorted).
UNWIND $ids AS id
MATCH (a:Actor {id: id})
USING INDEX a:Actor(id)
SET a._lock = true
REMOVE a._lock
