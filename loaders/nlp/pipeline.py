"""Which CoreNLP annotators run, with which properties: one place for the server and the client.

The local server preloads exactly these annotators with exactly these properties
(``-serverProperties``), and the client sends the same properties with every request, so a
request never makes the server load a model. The properties' hash is part of the parse cache's
key: changing the pipeline never returns a parse made by another one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from graph.settings import CorefMode, NerModel

if TYPE_CHECKING:
    from graph.settings import Settings

CORENLP_VERSION = "4.5.7"

_MODELS = "edu/stanford/nlp/models"
NER_MODELS: dict[str, str] = {
    "conll4": f"{_MODELS}/ner/english.conll.4class.distsim.crf.ser.gz",
    "all3": f"{_MODELS}/ner/english.all.3class.distsim.crf.ser.gz",
    # CoreNLP's default English stack, spelled out.
    "default": ",".join(
        f"{_MODELS}/ner/{name}.distsim.crf.ser.gz"
        for name in ("english.all.3class", "english.muc.7class", "english.conll.4class")
    ),
}
DEPPARSE_MODEL = f"{_MODELS}/parser/nndep/english_UD.gz"
PARSE_MODEL = f"{_MODELS}/lexparser/englishPCFG.ser.gz"
CONSTITUENCY_COREF = ("neural", "dcoref")


@dataclass(frozen=True)
class Pipeline:
    """An annotator configuration. The default is the one the benchmarks chose (see README)."""

    ner: NerModel = "conll4"
    entity_mentions: bool = True
    depparse: bool = True
    coref: CorefMode = "none"

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        return cls(ner=settings.corenlp_ner, coref=settings.corenlp_coref)

    def with_coref(self, coref: CorefMode) -> Pipeline:
        return replace(self, coref=coref)

    @property
    def annotators(self) -> list[str]:
        names = ["tokenize", "ssplit", "pos", "lemma", "ner"]
        if self.coref in CONSTITUENCY_COREF:
            # These read constituency trees (neural: its mention detector); the parser's own
            # UD conversion supplies the dependencies, enhanced++ included.
            return [*names, "parse", "dcoref" if self.coref == "dcoref" else "coref"]
        if self.depparse or self.coref != "none":
            names.append("depparse")
        if self.coref != "none":
            names.append("coref")
        return names

    def properties(self) -> dict[str, str]:
        """The CoreNLP properties, every one spelled out (strings, as the server expects)."""
        props = {
            "annotators": ",".join(self.annotators),
            "tokenize.language": "en",
            # Offsets in Unicode code points (Python's str indexes), not only UTF-16 units.
            "tokenize.codepoint": "true",
            # News text: headlines and paragraphs end at a line break, full stop or not.
            "ssplit.newlineIsSentenceBreak": "always",
            "ner.buildEntityMentions": "true" if self.entity_mentions else "false",
        }
        rich = "true" if self.ner == "default" else "false"
        props |= {
            "ner.model": NER_MODELS[self.ner],
            "ner.applyNumericClassifiers": rich,
            "ner.useSUTime": rich,
            "ner.applyFineGrained": rich,
        }
        if "depparse" in self.annotators:
            props["depparse.model"] = DEPPARSE_MODEL
        if "parse" in self.annotators:
            props["parse.model"] = PARSE_MODEL
            props["parse.maxlen"] = "100"  # longer sentences get no tree (the PCFG is cubic)
        if self.coref in ("statistical", "fastneural", "neural"):
            props["coref.algorithm"] = self.coref
        return props

    def signature(self) -> str:
        """A short hash of the CoreNLP version and the properties (part of cache keys)."""
        payload = json.dumps(
            {"corenlp": CORENLP_VERSION, "properties": self.properties()}, sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]
