// The transactions of one POST /cypher query, found by the token in their metadata: what the API
// terminates when the query outlives its deadline. Parameters: $token.
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData.actorgraph_console = $token
RETURN transactionId
