// Statements by id with their article's title: the evidence an edge keeps, as the fields of an
// EvidenceItem (graph/results.py) and no more, so the driver decodes only what a page shows.
// Params: $ids.
UNWIND $ids AS id
MATCH (st:Statement {id: id})
OPTIONAL MATCH (d:Article {id: st.article_id})
RETURN st {statement_id: st.id, .article_id, title: d.title, published: left(st.published, 10),
  .sentence, .start, .end, .modality, .confidence, .trigger, .year} AS statement
