// Benchmark baseline: LOAD CSV of the MENTIONS rows. Params: $file.
LOAD CSV WITH HEADERS FROM $file AS row
CALL (row) {
  MATCH (a:Actor {id: row.actor}), (d:Article {id: row.article})
  CREATE (d)-[:MENTIONS {count: toInteger(row.count)}]->(a)
} IN TRANSACTIONS OF 5000 ROWS
