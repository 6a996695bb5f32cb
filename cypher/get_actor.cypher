// One actor with the number of articles that mention it. Params: $id.
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (:Article)-[m:MENTIONS]->(a)
RETURN a {.id, .name, .type, .aliases, .wikidata_id, .country, .role} AS actor,
  count(m) AS articles
