// A page of actors by name (actorgraph's lower-cased sort_name, then id), with how many there
// are. Params: $type (an ActorType value or null), $offset, $limit.
CALL () {
  MATCH (a:Actor)
  WHERE $type IS NULL OR a.type = $type
  RETURN count(a) AS total
}
CALL () {
  MATCH (a:Actor)
  WHERE $type IS NULL OR a.type = $type
  WITH a ORDER BY a.sort_name, a.id SKIP $offset LIMIT $limit
  RETURN collect(a {.id, .name, .type, .aliases, .wikidata_id, .country, .role}) AS actors
}
RETURN actors, total
