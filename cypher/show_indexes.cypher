// The indexes in force (constraint-backing ones included), for `actorgraph init`.
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state
RETURN name, type, labelsOrTypes, properties, state
ORDER BY name
