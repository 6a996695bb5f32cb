// Who is in one bloc, as `actorgraph blocs --write` stored it on the actors (bloc, bloc_label,
// bloc_stability, bloc_period): each member with the articles that mention it and how many
// members of its own bloc it supports or is supported by, most mentioned first.
// Params: $bloc (the bloc's number; 1 is the largest bloc).
MATCH (a:Actor)
WHERE a.bloc = toInteger($bloc)
CALL (a) {
  OPTIONAL MATCH (:Article)-[m:MENTIONS]->(a)
  RETURN count(m) AS articles
}
CALL (a) {
  OPTIONAL MATCH (a)-[:SUPPORTS]-(b:Actor)
  WHERE b.bloc = a.bloc AND b <> a
  RETURN count(DISTINCT b) AS allies_inside
}
RETURN a.bloc AS bloc, a.bloc_label AS bloc_label, a.id AS actor, a.name AS name,
  a.type AS type, a.bloc_stability AS stability, articles, allies_inside,
  a.bloc_period AS period
ORDER BY articles DESC, actor
