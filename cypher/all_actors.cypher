// Every actor, optionally of one type, by id. Params: $type (an ActorType value or null).
MATCH (a:Actor)
WHERE $type IS NULL OR a.type = $type
RETURN a {.id, .name, .type, .aliases, .wikidata_id, .country, .role} AS actor
ORDER BY a.id
