"""The Phoenix / PETRARCH2 dictionary converter (run by scripts/convert_phoenix.py): reading the
dictionary formats (``format``) and building actorgraph's lexicon files (``build``). Not part
of the installed package: the runtime reads only what it writes to loaders/knowledge/data/."""
