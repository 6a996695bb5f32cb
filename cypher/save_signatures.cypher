// Saves copy-detection signatures (an article's earlier one of the scheme is replaced), each
// numbered by a counter that only grows (it starts at the clock, so a wiped graph never
// repeats a number): readers ask for what came after the last number they read.
// Params: $scheme, $rows ({article_id, story, minhash}), $counter (the counter's Meta key).
UNWIND $rows AS row
MERGE (m:Meta {key: $counter})
ON CREATE SET m.value = timestamp()
SET m.value = m.value + 1
WITH row, m.value AS seq
MERGE (s:CopySignature {scheme: $scheme, article_id: row.article_id})
SET s.story = row.story, s.minhash = row.minhash, s.seq = seq
