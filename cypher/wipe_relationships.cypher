// Deletes every relationship, in batches (first half of a wipe; the schema stays). Deleting
// relationships before nodes keeps each batch small even for actors with many links.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
