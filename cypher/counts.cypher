// Sizes of the graph: actors, articles, statements and aggregated edges.
// Params: $rel_types (the aggregated relationship types).
CALL () { MATCH (a:Actor) RETURN count(a) AS actors }
CALL () { MATCH (a:Article) RETURN count(a) AS articles }
CALL () { MATCH (s:Statement) RETURN count(s) AS statements }
CALL () { MATCH (:Actor)-[r]->(:Actor) WHERE type(r) IN $rel_types RETURN count(r) AS edges }
RETURN actors, articles, statements, edges
