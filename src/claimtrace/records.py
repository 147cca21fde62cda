"""Typed records passed from one pipeline stage to the next.

Stages never share tables or globals; they hand each other these records.
Keeping them in one module makes the data flow readable in one place.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the stages' own records; never imported at run time, so no module here imports a stage
    import numpy as np
    from spacy.tokens import Doc

    from claimtrace.provenance.model import CitationEdge
    from claimtrace.quotes.marks import QuoteSpan
    from claimtrace.quotes.model import Quote, SpeakerProfile
    from claimtrace.quotes.speakers import DocumentSpeakers
    from claimtrace.time.expressions import TimeExpression
    from claimtrace.time.resolve import StatementDate

DateSource = Literal["stated", "estimated", "unknown"]
Granularity = Literal["day", "month", "year"]


@dataclass
class RawDocument:
    """One article as read from disk, before any repair.

    ``data`` holds undecoded bytes for file formats (txt, md, html); exports
    (json, jsonl, csv) hand over ``text`` already decoded by their parser.
    ``given`` is metadata the export states explicitly (title, url, ...).
    """

    source: str
    format: str
    data: bytes | None = None
    text: str | None = None
    given: dict[str, str] = field(default_factory=dict)


@dataclass
class Skip:
    """An input that could not be ingested, with a reason a user can act on."""

    source: str
    reason: str


@dataclass
class PublicationDate:
    """When the article was published, and how we know.

    ``source`` is ``stated`` only when the article or its export says so;
    an inference from the body text is ``estimated`` and carries its reasoning.
    """

    value: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    source: DateSource = "unknown"
    granularity: Granularity | None = None
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """A repaired article with its metadata: the output of the clean stage."""

    source: str
    format: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    published: PublicationDate = field(default_factory=PublicationDate)
    repairs: list[str] = field(default_factory=list)
    removed_lines: list[str] = field(default_factory=list)
    translation: str | None = None  # why the words are a translation (credit or machine-translation score), see clean.translation

    @cached_property
    def content_hash(self) -> str:
        """Computed once: the id is read for every stored row of the document."""
        return content_hash(self.text)

    @property
    def id(self) -> str:
        return self.content_hash[:12]

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class Entity:
    """A named entity; offsets are into the document's repaired text."""

    start: int
    end: int
    label: str
    text: str


@dataclass
class Sentence:
    """A sentence; ``start``/``end`` are character offsets into Document.text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    entities: list[Entity] = field(default_factory=list)
    overlong: bool = False  # a run cut at the hard cap, not a sentence: stored, never indexed or used as evidence
    role: str = "body"  # or caption / credit / key_points / related / heading: kept, never evidence nor a timeline event


@dataclass
class AnnotatedDocument:
    """A document after NLP, plus what each enrichment stage assigns (``claimtrace.annotate``).

    Which stage assigns which field is declared where the stage is registered
    (``claimtrace.stages``), and the pipeline checks at start-up that every
    field a stage requires was assigned by spaCy or by a stage before it.
    ``doc`` (the spaCy parse) and ``speaker_index`` (which holds it) stay in
    the process that parsed; ``release_parse`` drops them before a document
    crosses processes or is kept.
    """

    document: Document
    sentences: list[Sentence]
    doc: Doc | None = None
    # quotes stage
    quotes: list[Quote] = field(default_factory=list)  # speaker_id set by the speaker registry, at write time
    quote_spans: list[QuoteSpan] = field(default_factory=list)  # paired quotation marks, for provenance
    speaker_index: DocumentSpeakers | None = None  # the people the document names, for provenance
    # quotes stage, corpus-wide step (the speaker registry, inside the document's write)
    speakers: list[SpeakerProfile] = field(default_factory=list)  # profile of every speaker quoted here
    speaker_keys: list[tuple[str, str]] = field(default_factory=list)  # registry name keys this document added
    # time stage
    time_expressions: list[TimeExpression] = field(default_factory=list)
    quote_dates: list[StatementDate] = field(default_factory=list)  # one per quote
    sentence_dates: dict[int, StatementDate] = field(default_factory=dict)  # sentence index -> date stated in it
    # provenance stage
    citations: list[CitationEdge] = field(default_factory=list)
    # embed stage
    embeddings: np.ndarray | None = None  # one row per sentence

    def release_parse(self) -> None:
        """Drop the spaCy parse and what holds it: everything the store needs is in the other fields."""
        self.doc = None
        self.speaker_index = None


@dataclass
class IngestReport:
    """What one ingest run did; the CLI prints it and exits non-zero on skips."""

    ingested: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stage_seconds: dict[str, float] = field(default_factory=dict)  # wall time per enrichment stage and the store

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": len(self.ingested),
            "duplicates": len(self.duplicates),
            "skipped": len(self.skipped),
            "skip_reasons": [asdict(s) for s in self.skipped],
            "documents": self.ingested,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "interrupted": self.interrupted,
        }


_WS = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the normalised text, so whitespace or case noise does not defeat dedup."""
    normalised = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
