"""Following feeds from the command line and the server: ``actorgraph feeds add|list|remove``,
``actorgraph watch`` and ``serve --watch``.

- ``watcher``: one pass (poll, copies, extraction, ingest, feed states) and the loop of passes;
- ``commands``: the commands and the durations they take (``--every 15m``).

It lives in ``cli/`` because it joins the loaders (polling, reading, extraction) with the
store (``graph.ingest``), which only the CLI and the API may both import.
"""
