// Enemy-of-my-enemy pairs: actors that oppose a common adversary but not each other
// (`already_allied` tells whether a SUPPORTS edge links them). Params: none.
MATCH (a:Actor)-[:OPPOSES]-(common:Actor)-[:OPPOSES]-(b:Actor)
WHERE a.id < b.id AND NOT (a)-[:OPPOSES]-(b)
WITH a, b, collect(DISTINCT common.id) AS common_adversaries
RETURN a.id AS first, b.id AS second, common_adversaries,
       EXISTS { (a)-[:SUPPORTS]-(b) } AS already_allied
ORDER BY size(common_adversaries) DESC, first, second
