"""Local servers actorgraph runs for itself (CoreNLP; Neo4j lives in graph/neo4j_local.py)."""
