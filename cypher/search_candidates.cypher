// Actors whose search grams hold any of the query's grams: candidates that actorgraph ranks
// (graph/store/engine.py), with only what ranking reads (id, name, aliases; the page's whole
// rows come from actors_by_id), collected into one record: a common sequence brings back
// hundreds, and the driver decodes one list of them far faster than as many records.
// Params: $index (the grams' full-text index), $query ("g… OR g…"), $type (an ActorType value
// or null).
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WHERE $type IS NULL OR node.type = $type
RETURN collect([node.id, node.name, node.aliases]) AS actors
