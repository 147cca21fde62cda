"""The store interface: the only place that knows how records are persisted.

Stages and the service talk to a Store; SQLite is the embedded default and
other backends implement the same methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrace.records import AnnotatedDocument

if TYPE_CHECKING:
    import numpy as np


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


Batch = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, int, bytes]]]
"""A bulk load's batch: documents rows, sentences rows and (doc_id, idx, float16 bytes) vectors (see bulk_load)."""


class Store(ABC):
    """Persistence for the pipeline's records, one transaction per document: everything callers may ask of a store.

    Callers never run SQL: every statement lives in ``claimtrace.store`` (``store.sql``
    writes them once for both backends).
    """

    candidate_cap: int | None
    """The most full-text matches ``search_sentences`` ranks (past it, a bounded candidate set); None ranks all."""

    # -- writes -------------------------------------------------------------------------------
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
    def transaction(self) -> AbstractContextManager[None]:
        """A transaction around several writes (each ``add_document`` inside it becomes a savepoint):
        committed when the block ends, rolled back when it raises."""

    @abstractmethod
    def lock_speaker_registry(self) -> int:
        """Bump the speaker registry's version inside the current write; return the version found."""

    @abstractmethod
    def speaker_keys(self) -> list[tuple[str, str]]:
        """The speaker registry's (name key, speaker id) pairs, in the order they were stored."""

    @abstractmethod
    def upsert_provenance_nodes(self, nodes: Iterable[tuple[str, str, str, str | None]]) -> None:
        """Insert or merge citation-graph nodes (key, name, kind, date) as a document's write does."""

    @abstractmethod
    def bulk_load(self, batches: Iterable[Batch], model: str) -> None:
        """Append synthetic documents, sentences and their vectors without the NLP (the scale benchmarks)."""

    @abstractmethod
    def optimize(self) -> None:
        """Settle the store after a bulk load (merge index segments, refresh planner statistics)."""

    def recover_after_interrupt(self) -> None:
        """Make the store usable again after Ctrl-C stopped a write; nothing to do unless a backend says so."""

    # -- documents and search --------------------------------------------------------------------
    @abstractmethod
    def list_documents(self) -> list[DocumentSummary]: ...

    @abstractmethod
    def resolve_id(self, doc_id: str) -> str | None:
        """Full id from an id or a unique prefix of at least 4 characters."""

    @abstractmethod
    def get_document(self, doc_id: str) -> DocumentDetail | None: ...

    @abstractmethod
    def search_sentences(self, query: str, limit: int = 10) -> list[SentenceHit]: ...

    @abstractmethod
    def sentences_by_ids(self, ids: list[int]) -> dict[int, SentenceHit]: ...

    @abstractmethod
    def sentence_vectors(self) -> tuple[list[int], "np.ndarray"]:
        """All sentence ids, ascending, and their float16 vectors as one matrix, row for row (cached until the
        corpus changes): retrieval finds a sentence's row by binary search."""

    @abstractmethod
    def sentence_pool(self) -> list[tuple[str, str | None, str | None]]:
        """(text, outlet, published) of every stored sentence, for the benchmarks' synthetic corpora."""

    # -- quotes, speakers, time, provenance ---------------------------------------------------------
    @abstractmethod
    def attributions_for(self, sentence_ids: list[int]) -> dict[int, dict[str, object]]:
        """Who said each sentence and when, for the claim check."""

    @abstractmethod
    def list_quotes(
        self, speaker: str | None = None, about: str | None = None, doc_id: str | None = None, limit: int = 1000
    ) -> list[StoredQuote]: ...

    @abstractmethod
    def find_speaker_ids(self, name: str) -> list[str]: ...

    @abstractmethod
    def list_speakers(self) -> list[StoredSpeaker]: ...

    @abstractmethod
    def dated_sentences(self) -> list[DatedSentence]: ...

    @abstractmethod
    def document_annotations(self, doc_id: str) -> dict[str, list[dict[str, object]]]: ...

    @abstractmethod
    def provenance_edges(self, doc_ids: Sequence[str] | None = None) -> list[Any]:
        """Citation edges with both end nodes, as rows ``provenance.storage.edges_from_rows`` reads."""

    @abstractmethod
    def graph_version(self) -> tuple[int, int]:
        """(edge count, last edge id): changes whenever the citation graph does, for caching it."""

    def speaker_profiles(self) -> list[dict[str, object]]:
        """Stored speakers as plain dicts, to seed the cross-document registry of a new ingest run."""
        from claimtrace.store.rows import profile

        return [profile(s) for s in self.list_speakers()]

    # -- the store itself -------------------------------------------------------------------------
    @abstractmethod
    def counts(self) -> dict[str, int]: ...

    @abstractmethod
    def is_empty(self) -> bool:
        """True when no document is stored."""

    @abstractmethod
    def overlong_sentences(self) -> int:
        """How many stored sentences are over-long runs (kept for offsets, never evidence)."""

    @abstractmethod
    def schema_version(self) -> int: ...

    def integrity_check(self) -> str:
        """'ok' when the backend's own consistency checks pass (else what they found); 'n/a' without any."""
        return "n/a"

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
