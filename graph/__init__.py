"""The graph side of actorgraph: domain model, store protocol, Neo4j and embedded stores."""
