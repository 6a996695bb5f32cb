// Deletes every node, in batches (second half of a wipe, after wipe_relationships).
MATCH (n)
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
