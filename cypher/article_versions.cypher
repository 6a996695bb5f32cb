// The extractor version of each stored article among $ids (unknown ids give no row). A node
// that an ingest transaction only claimed has no version yet and is left out.
// Params: $ids (article ids).
UNWIND $ids AS id
MATCH (a:Article {id: id})
WHERE a.extractor_version IS NOT NULL
RETURN a.id AS id, a.extractor_version AS version
