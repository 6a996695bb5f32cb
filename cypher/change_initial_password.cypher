// A new server with authentication on knows only neo4j/neo4j and refuses everything until
// that password is changed (run on the system database, as user neo4j, by `actorgraph neo4j start`).
ALTER CURRENT USER SET PASSWORD FROM $initial TO $password
