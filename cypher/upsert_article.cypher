// Writes an article's metadata (the node was taken by ingest_claim_article).
// Params: $row (article properties).
MATCH (a:Article {id: $row.id})
SET a += $row
