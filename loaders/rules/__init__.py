"""The rules that read a parse: spans and mentions, who is meant (coreference), relations
(verbs, nouns, deeds, argument linking), modality, and the assembling of one article's
extraction (``loaders.rules.extract.Extractor``). May import loaders.knowledge, loaders.nlp and
graph.model."""
