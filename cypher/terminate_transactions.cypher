// Terminate transactions by id (a POST /cypher query past its deadline). Parameters: $ids.
TERMINATE TRANSACTIONS $ids
