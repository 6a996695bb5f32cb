// Actors whose country was the merged-away actor now point at the kept one.
// Params: $keep, $other.
MATCH (a:Actor {country: $other})
SET a.country = $keep
