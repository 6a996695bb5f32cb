// Deletes every node and relationship (schema stays). Used by `actorgraph reset` and tests.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
