// Benchmark baseline: LOAD CSV of the statement rows with their three links. Params: $file.
LOAD CSV WITH HEADERS FROM $file AS row
CALL (row) {
  MATCH (s:Actor {id: row.source}), (t:Actor {id: row.target}), (d:Article {id: row.article_id})
  CREATE (st:Statement {id: row.id, source: row.source, target: row.target, type: row.type,
    modality: row.modality, factual: toBoolean(row.factual),
    confidence: toFloat(row.confidence), year: toInteger(row.year), trigger: row.trigger,
    cameo: row.cameo, weight: toFloat(row.weight), sentence: row.sentence,
    start: toInteger(row.start), end: toInteger(row.end), article_id: row.article_id,
    published: row.published, extractor_version: row.extractor_version, rank: row.rank})
  CREATE (st)-[:SUBJECT]->(s), (st)-[:OBJECT]->(t), (st)-[:FROM]->(d)
} IN TRANSACTIONS OF 5000 ROWS
