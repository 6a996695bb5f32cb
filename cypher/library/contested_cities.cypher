// Contested cities: places that more than one actor is said to control (now or in the past).
// Params: none.
MATCH (holder:Actor)-[r:CONTROLS]->(c:City)
WITH c, collect({holder: holder.id, since: r.first_seen, last_seen: r.last_seen,
                 modalities: r.modalities}) AS holders
WHERE size(holders) >= 2
RETURN c.id AS city, c.name AS name, holders
ORDER BY size(holders) DESC, city
