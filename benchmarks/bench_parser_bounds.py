"""What one long sentence and one long token cost CoreNLP: the measurements behind
ACTORGRAPH_CORENLP_MAX_SENTENCE_TOKENS and ACTORGRAPH_CORENLP_MAX_TOKEN_CHARS.

Run: .venv/bin/python benchmarks/bench_parser_bounds.py [--url http://127.0.0.1:39000]
     [--tokens 50,100,200,400,800,1600,3200] [--chars 100,1000,10000,50000,200000]

Without --url it starts a CoreNLP server of its own on a free port (home
.actorgraph/bench-corenlp) and stops it at the end: a long enough token runs a server out of
heap, which must never be a shared one (and leaves it unusable: the last row runs last). Each
text is parsed twice, parse cache off: with the bounds off (the server sees it whole) and with
the default bounds (the client blanks tokens past the limit and cuts lines past it into
pieces). Sentences are generated (actor names,
trigger verbs and filler, one full stop at the end, as bench_long_sentence.py); tokens are
random letters inside an ordinary sentence.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_long_sentence import long_sentence  # noqa: E402
from graph.errors import ActorgraphError  # noqa: E402
from graph.settings import Settings  # noqa: E402
from loaders.nlp.client import CoreNLPClient  # noqa: E402


def timed_parse(client: CoreNLPClient, text: str) -> tuple[float, int, int, str]:
    """Seconds, sentences, longest sentence in tokens, and the error if the parse failed."""
    began = time.perf_counter()
    try:
        document = client.parse(text)
    except ActorgraphError as exc:
        return time.perf_counter() - began, 0, 0, f"{type(exc).__name__}: {str(exc)[:80]}"
    longest = max((len(s.tokens) for s in document.sentences), default=0)
    return time.perf_counter() - began, len(document.sentences), longest, ""


def long_token_text(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(chars))
    return f"Iran backs Syria, officials said on Monday, {word} while Russia condemned the deal."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=None)
    parser.add_argument("--tokens", default="50,100,200,400,800,1600,3200")
    parser.add_argument("--chars", default="100,1000,10000,50000,200000")
    args = parser.parse_args()

    server = None
    url = args.url
    if url is None:
        from cli.servers.corenlp import LocalCoreNLP
        from tests.conftest import free_port

        home = ROOT / ".actorgraph" / "bench-corenlp"
        server = LocalCoreNLP(Settings(corenlp_home=home, corenlp_port=free_port()))
        url = server.start(timeout=600).url
    base = Settings(corenlp_urls=[url], parse_cache_enabled=False, corenlp_timeout=300)
    unbounded = base.model_copy(
        update={"corenlp_max_token_chars": 10**9, "corenlp_max_sentence_tokens": 10**9}
    )
    try:
        with CoreNLPClient(unbounded) as raw, CoreNLPClient(base) as bounded:
            raw.parse(long_sentence(200))  # warm up
            print(
                f"bounds: {base.corenlp_max_token_chars} characters a token, "
                f"{base.corenlp_max_sentence_tokens} tokens a sentence; server {url}"
            )
            print(
                "\n| words | CoreNLP tokens | whole: s | ms per token | bounded: s | sentences "
                "| longest | ms per token |"
            )
            print("|---|---|---|---|---|---|---|---|")
            for words in (int(w) for w in args.tokens.split(",")):
                text = long_sentence(words)
                seconds, _, longest, error = timed_parse(raw, text)
                cut, sentences, cut_longest, cut_error = timed_parse(bounded, text)
                print(
                    f"| {words:,} | {longest:,} | {seconds:.2f} {error} "
                    f"| {seconds / max(longest, 1) * 1000:.2f} | {cut:.2f} {cut_error} "
                    f"| {sentences} | {cut_longest} | {cut / max(longest, 1) * 1000:.2f} |",
                    flush=True,
                )
            print("\n| token characters | whole: s | bounded: s |")
            print("|---|---|---|")
            for chars in (int(c) for c in args.chars.split(",")):
                text = long_token_text(chars)
                # Bounded first: a token that runs the server out of heap leaves it unusable.
                cut, _, _, cut_error = timed_parse(bounded, text)
                seconds, _, _, error = timed_parse(raw, text)
                print(f"| {chars:,} | {seconds:.2f} {error} | {cut:.2f} {cut_error} |", flush=True)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
