// Deletes statements between two actors about to be merged (they would say nothing once the
// two are one). Runs before rewiring. Params: $keep, $other.
MATCH (:Actor {id: $keep})<-[:SUBJECT|OBJECT]-(st:Statement)-[:SUBJECT|OBJECT]->(:Actor {id: $other})
DETACH DELETE st
