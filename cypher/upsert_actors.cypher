// Creates or updates actors in one batch. A known actor keeps its name and type; aliases are
// merged, never lost; missing Wikidata id, country and role are filled in. The type label
// comes from actorgraph's fixed ActorType enum. Params: $rows (list of actor rows).
UNWIND $rows AS row
MERGE (a:Actor {id: row.id})
ON CREATE SET
  a.name = row.name,
  a.type = row.type,
  a.aliases = row.aliases,
  a.wikidata_id = row.wikidata_id,
  a.country = row.country,
  a.role = row.role
ON MATCH SET
  a.aliases = reduce(acc = coalesce(a.aliases, []), x IN row.aliases |
    CASE WHEN x IN acc OR x = a.name THEN acc ELSE acc + x END),
  a.wikidata_id = coalesce(a.wikidata_id, row.wikidata_id),
  a.country = coalesce(a.country, row.country),
  a.role = coalesce(a.role, row.role)
WITH a, row
WHERE a.type = row.type
SET a:$(row.label)
