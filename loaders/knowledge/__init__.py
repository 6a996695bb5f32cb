"""What the extraction rules know, and the data files it is read from (``data/``): the lexicon
(states, cities, regions, organs, titles, well-known actors), the Phoenix actor dictionaries, the
CAMEO verb dictionary as triggers and the table of what its codes make, hand-made frames, trigger
senses, word lists and name keys. May import graph.model and loaders.nlp.model; never the rules."""
