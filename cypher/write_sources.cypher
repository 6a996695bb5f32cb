// Creates outlets; one already stored keeps its name and host. Params: $rows ({id, name, host}).
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
ON CREATE SET s.name = row.name, s.host = row.host
