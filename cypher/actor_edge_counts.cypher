// How many aggregated edges of each type touch an actor. Params: $actor, $rel_types.
MATCH (a:Actor {id: $actor})-[r:{{AGGREGATED}}]-(:Actor)
WHERE type(r) IN $rel_types
RETURN toLower(type(r)) AS type, count(r) AS edges
