// Actors whose search grams hold any of the query's grams: candidates that actorgraph ranks
// (graph/store/engine.py). Params: $index (the grams' full-text index), $query ("g… OR g…"),
// $type (an ActorType value or null).
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WHERE $type IS NULL OR node.type = $type
RETURN node {.id, .name, .type, .aliases, .wikidata_id, .country, .role} AS actor
