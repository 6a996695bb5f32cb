"""Scoring extraction: against re3d-format gold (``re3d``) and against gold files of articles
with the facts an analyst expects (``facts``). May import loaders.rules, loaders.nlp and
graph.model."""
