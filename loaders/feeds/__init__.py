"""Following news feeds: the parts that neither read nor write the store.

- ``canonical``: canonical URLs, the identity that decides exact duplicates before fetching.
- ``copies``: near-duplicates (syndicated copies) by MinHash LSH over word shingles, with a
  small persistence interface for the signatures.
- ``fetch``: a polite asynchronous HTTP fetcher (conditional GET, timeouts, a size cap, one
  request at a time per host); failures are values, never exceptions.
- ``feed``: RSS 2.0 / Atom parsing into items, and reading an item's page (or its summary).
- ``poll``: one polling pass over feed configurations and their serialisable state.

What this package may import: ``graph.model``, ``graph.settings``, ``graph.errors``,
``loaders.reading`` and third-party libraries (ARCHITECTURE.md). Nothing from ``graph.store``,
``loaders.pipeline``, ``api`` or ``cli``: the store keeps the state these modules hand back
(plain dataclasses, JSON-ready) and the ingest service feeds their items to the extractor, so
those layers depend on this one and never the other way round."""
