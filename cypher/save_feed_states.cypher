// Sets the state of feeds still followed (a feed removed meanwhile is not re-created).
// Params: $rows (url, etag, last_modified, last_poll, last_success, next_due, errors,
// last_error, seen_ids, seen_urls).
UNWIND $rows AS row
MATCH (f:Feed {url: row.url})
SET f += row
