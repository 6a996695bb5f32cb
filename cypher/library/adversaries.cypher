// Adversaries of an actor: whom it opposes and who opposes it, strongest first.
// Params: $actor (actor id, e.g. "hayat-tahrir-al-sham").
MATCH (a:Actor {id: $actor})-[r:OPPOSES]-(enemy:Actor)
RETURN enemy.id AS adversary, enemy.name AS name, enemy.type AS type,
       startNode(r) = a AS outgoing, r.mentions AS mentions, r.articles AS articles,
       r.confidence AS confidence
ORDER BY r.mentions DESC, r.confidence DESC, enemy.id
