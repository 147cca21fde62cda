"""The store interface: the only place that knows how records are persisted.

Stages and the service talk to a Store; SQLite is the embedded default and
other backends implement the same methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
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


class Store(ABC):
    """Persistence for the pipeline's records; one transaction per document."""

    @abstractmethod
    def has_content(self, content_hash: str) -> bool: ...

    @abstractmethod
    def add_document(self, annotated: AnnotatedDocument) -> str:
        """Write a document and everything derived from it atomically; return its id."""

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

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
