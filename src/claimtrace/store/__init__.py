"""The store stage: persistence behind one interface (SQLite by default)."""

from __future__ import annotations

from claimtrace.store.base import DocumentDetail, DocumentSummary, SentenceHit, Store, StoreError, StoredSentence

__all__ = ["open_store", "Store", "StoreError", "DocumentDetail", "DocumentSummary", "SentenceHit", "StoredSentence"]


def open_store(url: str, readonly: bool = False) -> Store:
    """Open the store a ``--db`` value names: a SQLite file path (default) or a database URL."""
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available in this version; use a SQLite file path for --db")
    from claimtrace.store.sqlite import SQLiteStore

    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    return SQLiteStore(path, readonly=readonly)
