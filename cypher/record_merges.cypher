// Records merged ids as they are (an import of another store). Params: $rows ({id, into}).
UNWIND $rows AS row
MERGE (m:MergedId {id: row.id})
SET m.into = row.into
