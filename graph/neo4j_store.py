"""The Neo4j store. The only module (with neo4j_local) that talks to the ``neo4j`` driver."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph import cypher
from graph.errors import StoreUnavailable
from graph.settings import Settings

_UNAVAILABLE = (ServiceUnavailable, SessionExpired, OSError)


def driver_from_settings(settings: Settings) -> neo4j.Driver:
    """One driver per process: the caller owns it and closes it."""
    if not settings.neo4j_uri:
        raise StoreUnavailable("no Neo4j URI configured (set ACTORGRAPH_NEO4J_URI)")
    auth = None
    if settings.neo4j_password is not None:
        auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    return GraphDatabase.driver(settings.neo4j_uri, auth=auth)


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j") -> None:
        self._driver = driver
        self._database = database

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(driver_from_settings(settings), settings.neo4j_database)

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                cypher.statement(name),
                params,
                routing_=RoutingControl.READ,
                database_=self._database,
            )
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {exc}") from exc
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j refused the credentials: {exc}") from exc
        return [record.data() for record in records]

    def _write_statements(self, statements: tuple[str, ...]) -> None:
        try:
            with self._driver.session(database=self._database) as session:
                for statement in statements:
                    session.run(statement).consume()
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {exc}") from exc

    def ping(self) -> bool:
        # One auto-commit run: execute_query would retry an unreachable server for 30 s.
        try:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                record = session.run(cypher.statement("ping")).single()
                return record is not None and record["ok"] == 1
        except (*_UNAVAILABLE, AuthError):
            return False

    def init_schema(self) -> None:
        self._write_statements(cypher.statements("schema"))

    def constraints(self) -> list[dict[str, Any]]:
        return self._read("show_constraints")

    def indexes(self) -> list[dict[str, Any]]:
        return self._read("show_indexes")

    def wipe(self) -> None:
        """Delete every node and relationship; the schema stays."""
        # CALL ... IN TRANSACTIONS needs an implicit (auto-commit) transaction.
        self._write_statements((cypher.statement("wipe"),))

    def close(self) -> None:
        self._driver.close()
