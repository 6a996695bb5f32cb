// Follows a feed, or sets the name and interval of one followed (its state stays); says
// whether it is new. A new feed takes the next number of a counter: feeds list in the order
// they were added. Params: $feed ({url, name, every, added}), $counter (the counter's Meta key).
OPTIONAL MATCH (known:Feed {url: $feed.url})
WITH known IS NULL AS created
MERGE (m:Meta {key: $counter})
ON CREATE SET m.value = 0
SET m.value = m.value + CASE WHEN created THEN 1 ELSE 0 END
MERGE (f:Feed {url: $feed.url})
ON CREATE SET f.added = $feed.added, f.seq = m.value, f.errors = 0, f.seen_ids = [], f.seen_urls = []
SET f.name = $feed.name, f.every = $feed.every
RETURN created
