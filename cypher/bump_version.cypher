// Counts a write: the data version that caches are keyed by. Taken last in every write
// transaction (after the actor locks), so it cannot be part of a deadlock. A new version node
// (a new or wiped graph) starts at the clock in milliseconds, so a wiped graph never repeats a
// version an earlier graph had. Params: $key (the version node's key).
MERGE (m:Meta {key: $key})
ON CREATE SET m.value = timestamp()
ON MATCH SET m.value = m.value + 1
