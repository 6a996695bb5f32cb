// The (source, type, target) keys of every statement about an actor. Params: $id.
CALL () {
  MATCH (s:Statement {source: $id})
  RETURN s
  UNION
  MATCH (s:Statement {target: $id})
  RETURN s
}
RETURN DISTINCT s.source AS source, s.type AS type, s.target AS target
