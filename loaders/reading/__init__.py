"""Reading inputs (files, folders, .jsonl records, stdin) into documents, decoding text, and
writing the JSON output of ``actorgraph extract``. May import graph.model, graph.settings and
graph.errors; nothing else of the project."""
