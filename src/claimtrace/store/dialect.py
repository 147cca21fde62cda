"""What differs between the SQL the two stores run, in one small object a statement is written against.

Every statement is written once, in the shape SQLite and PostgreSQL both accept:
``?`` placeholders, ``"end"`` quoted (a reserved word in PostgreSQL, a valid
quoted identifier in SQLite), ``ON CONFLICT``, ``RETURNING``. A ``Dialect``
turns that text into the backend's own (``%s`` placeholders), and supplies the
few pieces that cannot be written the same: a list membership (``IN (?, ?)``
vs ``= ANY(%s)``), JSON columns (text vs JSONB), booleans (0/1 vs true/false),
byte-order collation, reading back generated ids, and which exceptions mean
the environment (a full disk, a lost server) rather than a bug.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claimtrace.store.errors import StoreUnavailable


@dataclass(frozen=True)
class Dialect:
    """The SQL differences of one backend; ``sql()`` turns a statement written once into this backend's text."""

    name: str
    placeholder: str  # '?' (sqlite3) or '%s' (psycopg)
    any_list: bool  # True: ``col = ANY(%s)`` with one list parameter; False: ``col IN (?, ?, ...)``
    row_order: str  # a table's physical order, close to insertion order ('rowid' or 'ctid')
    types: Mapping[str, str]  # the column types a migration names as {{json}}, {{id}}, ... (store.sql.render_migration)
    byte_order: str  # appended to an ORDER BY term on text so both backends sort by bytes ('' or ' COLLATE "C"')
    to_json: Callable[[Any], Any]  # a Python list or dict as the JSON column's parameter
    from_json: Callable[[Any], Any]  # a JSON column's value as a Python object
    error: type[BaseException]  # the driver's base exception
    environment_error: Callable[[Any, str], StoreUnavailable | None]

    def sql(self, statement: str) -> str:
        """The statement with this backend's placeholders (statements hold no literal '?' or '%')."""
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def in_list(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """A membership test of ``column`` in ``values`` and its parameters (``values`` must not be empty)."""
        if self.any_list:
            return f"{column} = ANY(?)", [list(values)]
        return f"{column} IN ({','.join('?' * len(values))})", list(values)



def _sqlite_environment_error(exc: Any, where: str) -> StoreUnavailable | None:
    from claimtrace.store.errors import sqlite_environment_error

    return sqlite_environment_error(exc, where)


def _postgres_environment_error(exc: Any, where: str) -> StoreUnavailable | None:
    from claimtrace.store.errors import postgres_environment_error

    return postgres_environment_error(exc, where)


SQLITE_TYPES = {
    "id": "INTEGER PRIMARY KEY", "bigint": "INTEGER", "json": "TEXT", "bool": "INTEGER", "false": "0",
    "bytes": "BLOB", "timestamp": "TEXT NOT NULL",
}
POSTGRES_TYPES = {
    "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "bigint": "BIGINT", "json": "JSONB", "bool": "BOOLEAN",
    "false": "FALSE", "bytes": "BYTEA", "timestamp": "TIMESTAMPTZ NOT NULL DEFAULT now()",
}


def sqlite_dialect() -> Dialect:
    import sqlite3

    return Dialect(
        name="sqlite", placeholder="?", any_list=False, row_order="rowid", types=SQLITE_TYPES, byte_order="",
        to_json=lambda value: json.dumps(value, ensure_ascii=False), from_json=json.loads,
        error=sqlite3.Error, environment_error=_sqlite_environment_error,
    )


def postgres_dialect() -> Dialect:
    import psycopg
    from psycopg.types.json import Jsonb

    return Dialect(
        name="postgres", placeholder="%s", any_list=True, row_order="ctid", types=POSTGRES_TYPES, byte_order=' COLLATE "C"',
        to_json=Jsonb, from_json=lambda value: value, error=psycopg.Error,
        environment_error=_postgres_environment_error,
    )
