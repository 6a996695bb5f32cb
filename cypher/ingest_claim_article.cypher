// Takes (or creates) the article nodes first, so concurrent ingests of one article serialise
// on it; returns each version already stored (null while an article is new).
// Params: $ids (article ids).
UNWIND $ids AS id
MERGE (a:Article {id: id})
RETURN id, a.extractor_version AS version
