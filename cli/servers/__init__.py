"""Local servers actorgraph runs for itself: Neo4j and CoreNLP, one lifecycle (common.py)."""
