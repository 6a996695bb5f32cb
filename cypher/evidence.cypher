// Statements by id with their article's title: the evidence an edge keeps, as the fields of an
// EvidenceItem (graph/results.py) and no more, so the driver decodes only what a page shows;
// also_in counts the other outlets whose copy of the statement's story states the same edge.
// Params: $ids.
UNWIND $ids AS id
MATCH (st:Statement {id: id})
OPTIONAL MATCH (d:Article {id: st.article_id})
CALL (st) {
  OPTIONAL MATCH (o:Statement {source: st.source, type: st.type, target: st.target, story: st.story})
  WHERE o.outlet IS NOT NULL AND (st.outlet IS NULL OR o.outlet <> st.outlet)
  RETURN count(DISTINCT o.outlet) AS also_in
}
RETURN st {statement_id: st.id, .article_id, title: d.title, published: left(st.published, 10),
  .sentence, .start, .end, .modality, .confidence, .trigger, .year, also_in: also_in} AS statement
