// Allies of an actor: whom it supports and who supports it, strongest first.
// Params: $actor (actor id, e.g. "iran"). `outgoing` is true when the actor is the supporter.
MATCH (a:Actor {id: $actor})-[r:SUPPORTS]-(ally:Actor)
RETURN ally.id AS ally, ally.name AS name, ally.type AS type, startNode(r) = a AS outgoing,
       r.mentions AS mentions, r.articles AS articles, r.confidence AS confidence
ORDER BY r.mentions DESC, r.confidence DESC, ally.id
