// Links articles to the outlet that published them, replacing an earlier link.
// Params: $rows (article rows: id, outlet).
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
OPTIONAL MATCH (a)<-[old:PUBLISHED]-(:Source)
DELETE old
WITH DISTINCT a, row
WHERE row.outlet IS NOT NULL
MATCH (s:Source {id: row.outlet})
MERGE (s)-[:PUBLISHED]->(a)
