"""Every Cypher statement actorgraph runs, one per ``.cypher`` file (schema.cypher excepted).

Loaded by name through :mod:`graph.cypher`; this package only ships the files. A file writes
``{{AGGREGATED}}`` for the aggregated relationship types and ``{{EDGE_ORDER}}`` for the edge
order; :mod:`graph.cypher` fills both in from the one place each is stated.
"""
