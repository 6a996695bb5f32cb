// Every actor, optionally of one type (searching and ranking happen in actorgraph).
// Params: $type (an ActorType value or null).
MATCH (a:Actor)
WHERE $type IS NULL OR a.type = $type
RETURN a {.*} AS actor
