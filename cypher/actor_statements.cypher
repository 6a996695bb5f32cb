// Every statement about an actor, as subject or object, with its article's title.
// Params: $actor.
CALL () {
  MATCH (st:Statement {source: $actor})
  RETURN st
  UNION
  MATCH (st:Statement {target: $actor})
  RETURN st
}
OPTIONAL MATCH (st)-[:FROM]->(d:Article)
RETURN st {.*} AS statement, d.title AS title
