// Stores each actor's bloc for Neo4j Browser users (`MATCH (a:Actor {bloc: 2})`): its number
// (1 is the largest bloc), the name of the actor the bloc is named after, the actor's stability
// over the detection runs and the window the blocs were found in. Properties of actors only: no
// relationship is created (inferred relations are never stored). Params: $rows ({id, bloc,
// label, stability}), $period ("all", or "since/until" with ".." for an open end).
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
SET a.bloc = row.bloc, a.bloc_label = row.label, a.bloc_stability = row.stability,
  a.bloc_period = $period
RETURN count(a) AS written
