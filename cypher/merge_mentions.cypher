// Moves the other actor's MENTIONED_IN links to the kept one, adding up counts.
// Params: $keep, $other.
MATCH (k:Actor {id: $keep}), (o:Actor {id: $other})-[m:MENTIONED_IN]->(d:Article)
MERGE (k)-[n:MENTIONED_IN]->(d)
SET n.count = coalesce(n.count, 0) + m.count
DELETE m
