// Statements stored before stories existed are each their article's own story (run by
// init_schema, in batches; nothing to do on a graph written since).
MATCH (st:Statement)
WHERE st.story IS NULL
CALL (st) { SET st.story = st.article_id } IN TRANSACTIONS OF 10000 ROWS
