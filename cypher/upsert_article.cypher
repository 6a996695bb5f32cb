// Writes articles' metadata (their nodes were taken by ingest_claim_article).
// Params: $rows (article properties, each with its id).
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a += row
