// Ties between blocs, as `actorgraph blocs --write` stored the blocs on the actors: for each
// pair of blocs and relation (SUPPORTS or OPPOSES, in the direction of the edges), how many
// edges and mentions, and the heaviest pairs of actors. Opposition across blocs is what keeps
// them apart; support across blocs strains the partition (a broker, a shifting ally).
// No parameters.
MATCH (a:Actor)-[r:SUPPORTS|OPPOSES]->(b:Actor)
WHERE a.bloc IS NOT NULL AND b.bloc IS NOT NULL AND a.bloc <> b.bloc
WITH a, b, r
ORDER BY r.mentions DESC, a.id, b.id
WITH a.bloc AS from_bloc, a.bloc_label AS from_label, b.bloc AS to_bloc,
  b.bloc_label AS to_label, type(r) AS relation, count(r) AS edges,
  sum(r.mentions) AS mentions, collect([a.id, b.id])[..5] AS heaviest
RETURN from_bloc, from_label, relation, to_bloc, to_label, edges, mentions, heaviest
ORDER BY from_bloc, to_bloc, relation
