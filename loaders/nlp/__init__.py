"""The NLP backbone: Stanford CoreNLP parses articles into ParsedDocuments for the rules.

``CoreNLPClient(settings).parse(text)`` / ``.parse_many(texts)``; ``nlp_health()`` for status.
May import graph.settings, graph.errors, graph.model and graph.files (the parse cache is a
private file); nothing else of the project.
"""

from loaders.nlp.client import CoreNLPClient, parse
from loaders.nlp.health import NlpHealth, nlp_health
from loaders.nlp.model import (
    CorefChain,
    CorefMention,
    Dependency,
    EntityMention,
    ParsedDocument,
    Sentence,
    Token,
)
from loaders.nlp.pipeline import CORENLP_VERSION, Pipeline

__all__ = [
    "CORENLP_VERSION",
    "CoreNLPClient",
    "CorefChain",
    "CorefMention",
    "Dependency",
    "EntityMention",
    "NlpHealth",
    "ParsedDocument",
    "Pipeline",
    "Sentence",
    "Token",
    "nlp_health",
    "parse",
]
