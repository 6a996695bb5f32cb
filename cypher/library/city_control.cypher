// Who controls which city, and since when (dates of the first and latest reporting article).
// `modalities` shows whether the control is current (asserted, claimed) or historical.
// Params: none.
MATCH (holder:Actor)-[r:CONTROLS]->(c:City)
RETURN c.id AS city, c.name AS city_name, holder.id AS holder, holder.name AS holder_name,
       r.first_seen AS since, r.last_seen AS last_seen, r.mentions AS mentions,
       r.modalities AS modalities
ORDER BY city, mentions DESC, holder
