// Adds an alias to an actor (no duplicates, never its own name). Params: $id, $alias.
MATCH (a:Actor {id: $id})
SET a.aliases = CASE
  WHEN $alias IN coalesce(a.aliases, []) OR $alias = a.name THEN coalesce(a.aliases, [])
  ELSE coalesce(a.aliases, []) + $alias END
RETURN a {.*} AS actor
