"""The store interface: the only place that knows how records are persisted.

Stages and the service talk to a Store; SQLite is the embedded default and
other backends implement the same methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from claimtrace.records import AnnotatedDocument


class StoreError(RuntimeError):
    """A store problem a user can act on (wrong path, newer schema, locked file)."""


@dataclass
class DocumentSummary:
    id: str
    source: str
    format: str
    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    language: str | None
    published: str | None
    published_source: str
    published_granularity: str | None
    published_evidence: str
    word_count: int
    sentence_count: int = 0
    translation: str | None = None  # why the words are a translation, or None (see claimtrace.clean.translation)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StoredSentence:
    id: int
    doc_id: str
    index: int
    start: int
    end: int
    paragraph: int
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentDetail:
    document: DocumentSummary
    text: str
    repairs: list[str]
    removed_lines: list[str]
    sentences: list[StoredSentence]


@dataclass
class SentenceHit:
    """A search hit: the sentence, where it is, and its document's metadata."""

    sentence: StoredSentence
    document: DocumentSummary
    score: float
    context_before: str = ""
    context_after: str = ""


@dataclass
class StoredQuote:
    """An attributed statement with its speaker, date and where it was reported."""

    id: int
    doc_id: str
    sentence_index: int
    content_start: int
    content_end: int
    text: str
    kind: str
    cue: str
    cue_start: int
    cue_end: int
    speaker_id: str | None
    speaker_text: str
    speaker_start: int
    speaker_end: int
    speaker_name: str
    speaker_type: str
    speaker_role: str | None
    speaker_affiliation: str | None
    said_on: str | None
    said_on_granularity: str | None
    said_on_basis: str | None
    said_on_text: str | None
    said_on_estimated: bool
    document: DocumentSummary | None = None


@dataclass
class StoredSpeaker:
    id: str
    canonical_name: str
    type: str
    roles: list[str]
    affiliations: list[str]
    aliases: list[str]
    quotes: int = 0
    documents: int = 0


@dataclass
class DatedSentence:
    """A dated statement or event for the timeline."""

    kind: str  # statement | event
    date: str | None
    granularity: str | None
    basis: str
    estimated_base: bool
    text: str
    doc_id: str
    sentence_index: int
    speaker: str | None
    speaker_id: str | None
    document: DocumentSummary
    expression_text: str | None = None
    range_end: str | None = None


class Store(ABC):
    """Persistence for the pipeline's records; one transaction per document."""

    @abstractmethod
    def has_content(self, content_hash: str) -> bool: ...

    @abstractmethod
    def add_document(self, annotated: AnnotatedDocument, prepare: Callable[[], None] | None = None) -> str:
        """Write a document and everything derived from it atomically; return its id.

        ``prepare`` runs inside the transaction, under the write lock, before the
        rows that depend on it (the ingest resolves speakers there). Raises
        store.errors.AlreadyStored when the same text is stored meanwhile.
        """

    @abstractmethod
    def list_documents(self) -> list[DocumentSummary]: ...

    @abstractmethod
    def get_document(self, doc_id: str) -> DocumentDetail | None: ...

    @abstractmethod
    def search_sentences(self, query: str, limit: int = 10) -> list[SentenceHit]: ...

    @abstractmethod
    def counts(self) -> dict[str, int]: ...

    @abstractmethod
    def close(self) -> None: ...

    def recover_after_interrupt(self) -> None:
        """Make the store usable again after Ctrl-C stopped a write; nothing to do unless a backend says so."""

    def speaker_profiles(self) -> list[dict[str, object]]:
        """Stored speakers as plain dicts, to seed the cross-document registry of a new ingest run."""
        from claimtrace.store.rows import profile

        return [profile(s) for s in self.list_speakers()]  # type: ignore[attr-defined]

    def graph_version(self) -> tuple[int, int]:
        """(edge count, last edge id): changes whenever the citation graph does, for caching it."""
        row = self.conn.execute(  # type: ignore[attr-defined]
            "SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM provenance_edges"
        ).fetchone()
        return int(row["n"]), int(row["last"])

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
