"""Every Cypher statement actorgraph runs, one per ``.cypher`` file (schema.cypher excepted).

Loaded by name through :mod:`graph.cypher`; this package only ships the files.
"""
