// Deletes the copy-detection signatures of some articles. Params: $ids (article ids).
UNWIND $ids AS id
MATCH (s:CopySignature {article_id: id})
DELETE s
