"""Domain errors. The API maps these to HTTP statuses in one place."""

from __future__ import annotations


class ActorgraphError(Exception):
    """Base of every error actorgraph raises on purpose."""


class StoreUnavailable(ActorgraphError):
    """The configured store does not answer (Neo4j down, file locked too long...)."""


class StoreOverloaded(StoreUnavailable):
    """The store answers but refuses the work for now (Neo4j's memory walls): no reason to
    stop asking it other things."""


class NotFound(ActorgraphError):
    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"unknown {kind}: {ident}")
        self.kind = kind
        self.ident = ident


class ReadOnlyViolation(ActorgraphError):
    """A query sent as read-only tried to write."""


class StoreAuthFailed(StoreUnavailable):
    """Neo4j refused the configured credentials (or locked the user after failed logins)."""


class StoreMisconfigured(ActorgraphError):
    """A store setting is wrong: a malformed URI, a database that does not exist."""


class StoreCorrupt(ActorgraphError):
    """The embedded store's file cannot be read as a store; it is left untouched."""


class QueryTimeout(ActorgraphError):
    """A user's Cypher query ran past its time limit and was stopped."""


class ResultTooLarge(ActorgraphError):
    """A user's Cypher query returned more data than one response may carry."""


class NestedTooDeeply(ActorgraphError):
    """A user's Cypher query, its parameters or its result nest deeper than allowed: Neo4j's
    parser and printer recurse once per level and hang past a few hundred."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where  # "query", "params" or "result"


class QueryTooCostly(ActorgraphError):
    """A user's Cypher query whose cost cannot be bounded before it runs (a ``range()`` of
    unknown or too large a size): Neo4j does not stop work inside one expression."""


class InvalidQuery(ActorgraphError):
    """A user's Cypher query that Neo4j cannot run (a syntax error, an unknown function...)."""


class LocalServerError(ActorgraphError):
    """A local server (cli/servers) could not be assembled, started or stopped."""


class NlpServerError(LocalServerError):
    """The local CoreNLP server could not be assembled, started or stopped."""


class NlpUnavailable(ActorgraphError):
    """No configured CoreNLP server answers (not started, wrong URL, overloaded past the
    timeout). The message names the URLs and the command that starts a local server."""


class NlpError(ActorgraphError):
    """A CoreNLP server answered a request with an error (bad properties, text too long...)."""


class BadParameter(ActorgraphError):
    """A parameter that is valid on its own but cannot be used as given (too many periods for
    a timeline...). The API answers 422 naming the parameter; the CLI one error line."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem
