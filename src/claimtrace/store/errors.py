"""What a store write can fail with, beyond a bug: a duplicate, or an environment that stops every write.

Each environment failure (disk full, the corpus locked by another process, a
read-only corpus, a lost server) is named with its true cause and what to do,
in one line; the ingest stops at the first one, since every later write would
fail the same way, and a re-run continues where it stopped.
"""

from __future__ import annotations

import sqlite3

from claimtrace.store.base import StoreError

RERUN = "run the same command again: it continues where it stopped"


class AlreadyStored(StoreError):
    """The document was stored meanwhile (by a concurrent ingest): nothing was written."""


class StoreUnavailable(StoreError):
    """The store cannot take writes now (disk full, locked, read-only, connection lost)."""


def sqlite_environment_error(exc: sqlite3.Error, where: str) -> StoreUnavailable | None:
    """The environment failure an SQLite error stands for, or None when it is not one."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc).lower()
    if name == "SQLITE_FULL" or "disk is full" in message:
        return StoreUnavailable(f"cannot write to {where}: the disk is full; free some space and {RERUN}")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in message:
        return StoreUnavailable(
            f"cannot write to {where}: another process has held its write lock for over 30 s; "
            f"wait for it to finish and {RERUN}"
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in message:
        return StoreUnavailable(
            f"cannot write to {where}: the file or its folder is read-only; fix the permissions or choose another --db"
        )
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in message:
        return StoreUnavailable(f"cannot write to {where}: disk I/O error ({exc}); check the disk and {RERUN}")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in message:
        return StoreUnavailable(
            f"cannot open {where}: its folder is missing or not writable (SQLite needs to create files beside it); "
            "fix the permissions or choose another --db"
        )
    return None


def postgres_environment_error(exc: Exception, where: str) -> StoreUnavailable | None:
    """The environment failure a psycopg error stands for, or None when it is not one."""
    import psycopg

    state = getattr(exc, "sqlstate", None) or ""
    reason = " ".join(str(exc).split())
    if state.startswith("53"):  # insufficient resources: disk full, out of memory, too many connections
        return StoreUnavailable(f"cannot write to {where}: the server is out of resources ({reason}); {RERUN} once it has room")
    if state == "25006":
        return StoreUnavailable(f"cannot write to {where}: the database is read-only; choose a writable database")
    if state in {"55P03", "57014"}:
        return StoreUnavailable(f"cannot write to {where}: a lock was not granted ({reason}); {RERUN} when it is free")
    if isinstance(exc, psycopg.OperationalError) and not state:
        return StoreUnavailable(f"lost the connection to {where} ({reason}); {RERUN} when the server is back")
    return None
