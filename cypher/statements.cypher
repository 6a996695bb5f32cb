// Statements across the graph, optionally between given actors and of given types, with
// their article's title. Params: $source, $target (actor ids or null), $types (list).
MATCH (st:Statement)
WHERE ($source IS NULL OR st.source = $source)
  AND ($target IS NULL OR st.target = $target)
  AND (size($types) = 0 OR st.type IN $types)
OPTIONAL MATCH (st)-[:FROM]->(d:Article)
RETURN st {.*} AS statement, d.title AS title
