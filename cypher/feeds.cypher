// Every followed feed with its state, in the order they were added.
MATCH (f:Feed)
RETURN f {.*} AS feed
ORDER BY f.seq, f.url
