// Sets actors' properties as actorgraph folded them (aliases merged, facts filled in) and
// their type label (from actorgraph's fixed ActorType enum). The nodes were taken by
// lock_actors. Params: $rows (actor rows with sort_name and the search grams).
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
USING INDEX a:Actor(id)
SET a.name = row.name, a.type = row.type, a.aliases = row.aliases,
  a.wikidata_id = row.wikidata_id, a.country = row.country, a.role = row.role,
  a.sort_name = row.sort_name, a.grams = row.grams
SET a:$(row.label)
