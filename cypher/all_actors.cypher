// Every actor, optionally of one type, by id. Params: $type (an ActorType value or null).
MATCH (a:Actor)
WHERE $type IS NULL OR a.type = $type
RETURN a {.*} AS actor
ORDER BY a.id
