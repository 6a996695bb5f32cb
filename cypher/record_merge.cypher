// Records that $other now means $keep (re-ingesting will not split them again), and
// repoints earlier merges into $other. Params: $keep, $other.
MERGE (m:MergedId {id: $other})
SET m.into = $keep
WITH m
OPTIONAL MATCH (x:MergedId {into: $other})
SET x.into = $keep
