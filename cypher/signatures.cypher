// Copy-detection signatures of a scheme saved after a cursor, oldest first.
// Params: $scheme, $after (the last number read).
MATCH (s:CopySignature)
WHERE s.seq > $after AND s.scheme = $scheme
RETURN s.seq AS seq, s.article_id AS article_id, s.story AS story, s.minhash AS minhash
ORDER BY seq
