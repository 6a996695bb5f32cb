// Actors an article mentions or makes statements about (candidates for orphan clean-up).
// Params: $id (article id).
CALL () {
  MATCH (:Article {id: $id})-[:MENTIONS]->(a:Actor)
  RETURN a.id AS id
  UNION
  MATCH (s:Statement {article_id: $id})
  RETURN s.source AS id
  UNION
  MATCH (s:Statement {article_id: $id})
  RETURN s.target AS id
}
RETURN collect(DISTINCT id) AS ids
