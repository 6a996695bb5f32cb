// The communication network: calls, visits and meetings between actors, busiest first.
// Params: none.
MATCH (a:Actor)-[r:CALLS]->(b:Actor)
RETURN a.id AS caller, b.id AS callee, r.mentions AS mentions, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.modalities AS modalities
ORDER BY mentions DESC, caller, callee
