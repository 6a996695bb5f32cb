// Those of the canonical URLs a stored article has. Params: $urls.
UNWIND $urls AS url
MATCH (a:Article {canonical_url: url})
RETURN DISTINCT url
