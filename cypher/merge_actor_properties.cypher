// Folds the other actor's names and facts into the kept one. Params: $keep, $other.
MATCH (k:Actor {id: $keep}), (o:Actor {id: $other})
SET k.aliases = reduce(acc = coalesce(k.aliases, []), x IN [o.name] + coalesce(o.aliases, []) |
      CASE WHEN x IN acc OR x = k.name THEN acc ELSE acc + x END),
    k.wikidata_id = coalesce(k.wikidata_id, o.wikidata_id),
    k.country = coalesce(k.country, o.country),
    k.role = coalesce(k.role, o.role)
RETURN k {.*} AS actor
