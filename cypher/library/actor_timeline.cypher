// An actor's timeline: every statement about it, oldest article first (undated by ingestion).
// Params: $actor (actor id).
CALL () {
  MATCH (st:Statement {source: $actor})
  RETURN st
  UNION
  MATCH (st:Statement {target: $actor})
  RETURN st
}
MATCH (st)-[:FROM]->(d:Article)
RETURN coalesce(d.published, d.ingested_at) AS date, st.source AS source, st.type AS type,
       st.target AS target, st.modality AS modality, st.sentence AS sentence, d.title AS title
ORDER BY date, st.start, source
