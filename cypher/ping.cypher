// Health check: answers one row when the database accepts queries.
RETURN 1 AS ok
