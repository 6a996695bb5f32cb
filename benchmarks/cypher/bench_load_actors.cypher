// Benchmark baseline (benchmarks/bench_ingest.py): Neo4j's own LOAD CSV of the actor rows.
// Params: $file (a file:/// URL in the server's import folder), $sep (alias separator).
LOAD CSV WITH HEADERS FROM $file AS row
CALL (row) {
  MERGE (a:Actor {id: row.id})
  ON CREATE SET a.name = row.name, a.type = row.type, a.wikidata_id = row.wikidata_id,
    a.country = row.country, a.role = row.role,
    a.aliases = CASE WHEN row.aliases IS NULL THEN [] ELSE split(row.aliases, $sep) END
  WITH a, row
  SET a:$(row.label)
} IN TRANSACTIONS OF 5000 ROWS
