"""The stage contract of ingest, and the one annotate function both engines run.

Each enrichment stage declares, as spaCy's components do, which fields of the
``AnnotatedDocument`` it ``requires`` and which it ``assigns`` (a part of one
field may be named on its own: ``document.published``, which only the time
stage completes); spaCy itself assigns ``document``, ``sentences`` and ``doc``.
``register_stage`` refuses a stage registered before one it requires, and
``check_order`` checks the stages an ingest runs when it starts
(``claimtrace.pipeline.select_stages``), so the order lives in the
declarations, not in a docstring.

A stage has a per-document step (``annotate``), which sees one document and
nothing shared, so the local engine and every Ray worker run the same one
through ``annotate_document``; and, where it needs one, a corpus-wide step
(``corpus_step``), which runs inside the document's write transaction, in
input order (the speaker registry), through ``write_document``.

This module imports no stage: the stages import it (``claimtrace.stages``
registers the built-in ones), and ``claimtrace.pipeline`` imports both, so
no import runs in a loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from claimtrace.records import AnnotatedDocument, Document, Sentence
from claimtrace.store.errors import AlreadyStored

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimtrace.store.base import Store

# What spaCy and the sentence splitter assign before any enrichment stage runs.
NLP_ASSIGNS: frozenset[str] = frozenset({"document", "sentences", "doc"})
FIELDS: frozenset[str] = frozenset(f.name for f in fields(AnnotatedDocument))


@dataclass
class StageContext:
    """What the corpus-wide steps share across one ingest run: the store, and state built once (the speaker registry)."""

    store: Store
    state: dict[str, Any] = field(default_factory=dict)


PerDocument = Callable[[AnnotatedDocument], None]
CorpusStep = Callable[[AnnotatedDocument, StageContext], None]


@dataclass(frozen=True)
class Stage:
    """One enrichment stage: what it needs, what it gives, and its steps.

    ``annotate`` fills the ``assigns`` fields of one document from its
    ``requires`` fields, touching no store and no state shared between
    documents. ``corpus_step`` (optional) runs inside the document's write
    transaction, under the store's write lock, in input order; ``corpus_assigns``
    names what it fills. ``rollback`` forgets whatever a failed write may have
    left in the shared state.
    """

    name: str
    annotate: PerDocument
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    corpus_step: CorpusStep | None = None
    corpus_assigns: tuple[str, ...] = ()
    rollback: Callable[[StageContext], None] | None = None

    def __post_init__(self) -> None:
        named = {*self.requires, *self.assigns, *self.corpus_assigns}
        unknown = sorted(f for f in named if f.split(".")[0] not in FIELDS)  # 'document.published': a field's part
        if unknown:
            raise StageOrderError(f"stage {self.name!r} names {', '.join(unknown)}, which AnnotatedDocument does not have")
        taken = [f for f in (*self.assigns, *self.corpus_assigns) if f in NLP_ASSIGNS]
        if taken:
            raise StageOrderError(f"stage {self.name!r} assigns {', '.join(taken)}, which spaCy assigns")


class StageOrderError(ValueError):
    """A stage runs before a stage that assigns what it requires, or requires what no stage assigns."""


def check_order(stages: Sequence[Stage], known: Iterable[Stage] = ()) -> None:
    """Raise StageOrderError unless every field each stage requires is assigned by spaCy or an earlier stage.

    ``known`` are other stages (e.g. every registered one), used only to name
    the stage that assigns a missing field.
    """
    assigned = set(NLP_ASSIGNS)
    names = [s.name for s in stages]
    if len(set(names)) != len(names):
        raise StageOrderError(f"a stage is listed twice: {', '.join(names)}")
    everyone = [*stages, *known]
    for position, stage in enumerate(stages):
        missing = [f for f in stage.requires if f not in assigned]
        if missing:
            later = {s.name for s in stages[position + 1 :] if set(missing) & set(s.assigns)}
            elsewhere = {s.name for s in everyone if set(missing) & set(s.assigns)} - later
            if later:
                why = f"which {_stages(later)} assigns after it"
            elif elsewhere:
                why = f"which {_stages(elsewhere)} assigns, not run before it"
            else:
                why = "which no stage assigns"
            raise StageOrderError(f"stage {stage.name!r} requires {', '.join(missing)}, {why}")
        assigned.update(stage.assigns)


def _stages(names: set[str]) -> str:
    return ("stage " if len(names) == 1 else "stages ") + ", ".join(repr(n) for n in sorted(names))


# -- the registry ----------------------------------------------------------------------
STAGES: dict[str, Stage] = {}  # in pipeline order


def register_stage(
    name: str,
    *,
    requires: tuple[str, ...],
    assigns: tuple[str, ...],
    corpus_step: CorpusStep | None = None,
    corpus_assigns: tuple[str, ...] = (),
    rollback: Callable[[StageContext], None] | None = None,
) -> Callable[[PerDocument], PerDocument]:
    """Register a stage's per-document step, after the stages already registered.

    Raises StageOrderError when the stage requires a field that no stage
    registered before it assigns. Registering a name again replaces that
    stage in its place, and the whole order is checked again.
    """

    def wrap(fn: PerDocument) -> PerDocument:
        stage = Stage(name, fn, tuple(requires), tuple(assigns), corpus_step, tuple(corpus_assigns), rollback)
        order = dict(STAGES)
        order[name] = stage
        check_order(list(order.values()))
        STAGES.clear()
        STAGES.update(order)
        return fn

    return wrap


# -- running them -------------------------------------------------------------------------
def annotate_document(
    document: Document,
    spacy_doc: Doc,
    sentences: list[Sentence],
    stages: Sequence[Stage],
    seconds: dict[str, float] | None = None,
) -> AnnotatedDocument:
    """Run each stage's per-document step on one parsed document; the same for the local engine and Ray workers.

    ``seconds`` collects wall time per stage.
    """
    annotated = AnnotatedDocument(document, sentences, doc=spacy_doc)
    for stage in stages:
        t0 = time.perf_counter()
        stage.annotate(annotated)
        if seconds is not None:
            seconds[stage.name] = seconds.get(stage.name, 0.0) + time.perf_counter() - t0
    return annotated


def write_document(annotated: AnnotatedDocument, stages: Sequence[Stage], context: StageContext) -> bool:
    """Store one annotated document, running the stages' corpus-wide steps inside its write transaction.

    False when a concurrent ingest stored the same text first (``AlreadyStored``,
    raised before any corpus step ran). After any other failure the stages
    forget what the rolled-back write may have left in their shared state.
    """
    steps = [s.corpus_step for s in stages if s.corpus_step is not None]

    def prepare() -> None:
        for step in steps:
            step(annotated, context)

    try:
        context.store.add_document(annotated, prepare if steps else None)
    except AlreadyStored:
        return False
    except BaseException:
        for stage in stages:
            if stage.rollback is not None:
                stage.rollback(context)
        raise
    return True
