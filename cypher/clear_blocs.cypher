// Removes the blocs `actorgraph blocs --write` stored on actors (before writing new ones, in the
// same transaction). No parameters.
MATCH (a:Actor)
WHERE a.bloc IS NOT NULL
REMOVE a.bloc, a.bloc_label, a.bloc_stability, a.bloc_period
