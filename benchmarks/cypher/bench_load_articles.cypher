// Benchmark baseline: LOAD CSV of the article rows. Params: $file.
LOAD CSV WITH HEADERS FROM $file AS row
CALL (row) {
  CREATE (a:Article {id: row.id, title: row.title, published: row.published, path: row.path,
    ingested_at: row.ingested_at, extractor_version: row.extractor_version})
} IN TRANSACTIONS OF 5000 ROWS
