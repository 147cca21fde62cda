"""The one API that the CLI, the HTTP API and the web UI call.

Interfaces hold no logic of their own: they parse arguments, call a
Workbench method, and render the record it returns (``claimtrace.views``
turns each record into its documented JSON shape).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from claimtrace.errors import UserError
from claimtrace.pipeline import IngestOptions, ProgressCallback, ingest
from claimtrace.records import IngestReport
from claimtrace.store import DocumentDetail, DocumentSummary, SentenceHit, Store, StoreError, open_store

DEFAULT_DB = "claimtrace.db"


class Workbench:
    """A corpus in a store, and everything a user can ask of it."""

    def __init__(self, db: str | Path = DEFAULT_DB, readonly: bool = False):
        self.db = str(db)
        try:
            self.store: Store = open_store(self.db, readonly=readonly)
        except StoreError as exc:
            raise UserError(str(exc)) from exc

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Workbench":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str],
        options: IngestOptions | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> IngestReport:
        paths = list(paths)
        if not paths:
            raise UserError("no input given; name files or folders to ingest, e.g. `claimtrace ingest articles/`")
        return ingest(paths, self.store, options, on_progress)

    # -- corpus -----------------------------------------------------------
    def documents(self) -> list[DocumentSummary]:
        return self.store.list_documents()

    def document(self, doc_id: str) -> DocumentDetail:
        detail = self.store.get_document(doc_id.strip())
        if detail is None:
            raise UserError(f"no document with id {doc_id!r}; list ids with `claimtrace docs`")
        return detail

    def search(self, query: str, limit: int = 10) -> list[SentenceHit]:
        if not query.strip():
            raise UserError("empty search; give some words to look for")
        if limit < 1:
            raise UserError("--limit must be at least 1")
        return self.store.search_sentences(query, limit)

    def counts(self) -> dict[str, int]:
        return self.store.counts()
