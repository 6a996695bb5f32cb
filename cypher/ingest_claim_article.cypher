// Takes (or creates) the article node first, so concurrent ingests of one article serialise on
// it; returns the extractor version already stored (null while the article is new).
// Params: $id (article id).
MERGE (a:Article {id: $id})
RETURN a.extractor_version AS version
