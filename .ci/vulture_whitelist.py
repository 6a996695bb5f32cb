# ruff: noqa
"""What vulture cannot see being used (scripts/dead-code): read by a framework or a protocol,
not called by our code. Everything else it reports in the checked folders is dead: delete it.
Route handlers, exception handlers, CLI sub-commands and pydantic validators are skipped by their
decorators (scripts/dead-code) and need no line here."""

# pydantic: model_config is read by pydantic itself.
model_config  # graph/model.py, graph/results.py, graph/settings.py, api/...

# Fields of the JSON answers (the HTTP contract): written to JSON, read by clients.
ms  # api/schemas.py NlpServer
reverse_types  # api/schemas.py Step
source_bloc  # graph/alliances/results.py BlocRelation
target_bloc
support_inside  # graph/alliances/results.py Bloc
opposition_inside
support_outside
opposition_outside
betweenness_exact  # graph/alliances/results.py BrokersResult
represented_by  # graph/alliances/results.py ActorPosition
bloc_label
allies_inside
allies_outside
adversaries
tensions
first_period  # graph/alliances/results.py Timeline
last_period
since_period  # graph/alliances/results.py BlocChange

# Protocols of other libraries: sqlite3 calls an aggregate's finalize and reads a connection's
# row_factory; typer reads a command's __signature__ and __annotations__ (cli/alliances.py).
_.finalize
_.row_factory
_.__signature__
_.__annotations__

# A StrEnum member chosen by value on the command line (cli/alliances.py PeriodUnit).
quarter

# Generated graphs with planted blocs: the alliance tests' data (graph/alliances/synthetic.py).
planted_blocs

# html.parser calls its subclass's handlers (loaders/feeds/feed.py).
_.handle_starttag
_.handle_endtag
_.handle_data

# Fields of the data files' schemas, validated so that a bad file is named, then read from the
# validated dictionary: each CAMEO table entry's reason (loaders/knowledge/cameo.py CodeRelation),
# the user lexicon's sections (loaders/knowledge/lexicon.py _UserLexicon).
why
capital_aliases
generic_agents
state_organs
regions

# dask.distributed calls a worker plugin's setup and teardown and reads idempotent
# (cli/cluster/worker.py ActorgraphWorker).
_.setup
_.teardown
idempotent

# Response fields pydantic serialises for the API and `--format json`: when a feed was added
# (graph/results.py FeedRecord, api/schemas.py FeedStatus), how many outlets an evidence item's
# story also appeared in (graph/results.py EvidenceItem).
added
also_in
