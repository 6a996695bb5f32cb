// Whole actor rows by id (a page of search results). Params: $ids.
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a {.id, .name, .type, .aliases, .wikidata_id, .country, .role} AS actor
