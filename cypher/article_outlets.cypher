// The outlets (source ids) of some stored articles. Params: $ids (article ids).
UNWIND $ids AS id
MATCH (a:Article {id: id})
WHERE a.outlet IS NOT NULL
RETURN DISTINCT a.outlet AS outlet
