"""The store stage: persistence behind one interface (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from claimtrace.store.base import DocumentDetail, DocumentSummary, SentenceHit, Store, StoreError, StoredSentence

__all__ = ["open_store", "Store", "StoreError", "DocumentDetail", "DocumentSummary", "SentenceHit", "StoredSentence"]


def open_store(url: str, readonly: bool = False) -> Store:
    """Open the store a ``--db`` value names: a SQLite file path (default) or a database URL."""
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from claimtrace.store.postgres import PostgresStore
        except ImportError as exc:  # psycopg is only needed for PostgreSQL
            raise StoreError(f"the PostgreSQL backend needs psycopg ({exc}); pip install 'psycopg[binary]'") from exc
        return PostgresStore(url, readonly=readonly)
    from claimtrace.store.sqlite import SQLiteStore

    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    return SQLiteStore(path, readonly=readonly)
