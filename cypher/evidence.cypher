// Statements by id with their article's title: the evidence an edge keeps. Params: $ids.
UNWIND $ids AS id
MATCH (st:Statement {id: id})
OPTIONAL MATCH (d:Article {id: st.article_id})
RETURN st {.*, title: d.title} AS statement
