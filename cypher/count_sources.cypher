// How many outlets are stored.
MATCH (s:Source)
RETURN count(s) AS total
