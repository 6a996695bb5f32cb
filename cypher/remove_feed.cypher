// Stops following a feed (its articles stay). Params: $url.
MATCH (f:Feed {url: $url})
DELETE f
RETURN count(*) AS removed
