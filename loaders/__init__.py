"""Reading news and turning it into extractions: loaders -> graph (never the other way).

Rooms, and what each may import (tests/unit/test_architecture.py keeps this true):

- ``loaders.reading``: inputs (files, folders, .jsonl, stdin) into documents, and the JSON
  output of ``extract``. Imports graph.model/settings/errors only.
- ``loaders.nlp``: the Stanford CoreNLP client, its server pipeline and the parse cache, and
  the parse model. Imports graph.settings/errors only.
- ``loaders.knowledge``: what the rules know: the lexicon, the CAMEO dictionary as triggers,
  the code table, frames, senses, word lists, name keys, and their data files (``data/``).
  Imports graph.model and loaders.nlp.model.
- ``loaders.rules``: spans, mentions, coreference, relations, modality and the assembling of
  an extraction (``Extractor``). Imports loaders.knowledge and loaders.nlp.
- ``loaders.eval``: scoring against re3d and against gold files of articles with facts.
- ``loaders.pipeline``: reading + parsing + rules, the function the ingest service calls.
- ``loaders.feeds`` (issue 19): following news feeds.

No module of loaders imports graph.store, api or cli: writing is the graph's.
"""
