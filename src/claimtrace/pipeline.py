"""The ingest side of the pipeline: read -> clean -> nlp -> enrich stages -> store.

Documents stream through one at a time (spaCy batches a few), so memory stays
flat however large the corpus. Each document is deduplicated before the
expensive NLP and written in its own transaction, which is what makes an
interrupted ingest resumable: the next run skips what is already stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from claimtrace.clean import UndecodableError, clean_document
from claimtrace.ingest.readers import DEFAULT_MAX_FILE_BYTES, read_inputs
from claimtrace.nlp.pipeline import annotate_pipe, sentences_from_doc
from claimtrace.records import AnnotatedDocument, Document, IngestReport, Skip
from claimtrace.store.base import Store

Status = Literal["ingested", "duplicate", "skipped"]
ProgressCallback = Callable[[str, Status, str], None]


@dataclass
class StageContext:
    """What stages share across one ingest run: the store, and state built once (e.g. the speaker registry)."""

    store: Store
    state: dict[str, Any] = field(default_factory=dict)


EnrichStage = Callable[[AnnotatedDocument, StageContext], None]

# Stages that enrich an annotated document after spaCy, in order; later issues register theirs here.
ENRICH_STAGES: dict[str, EnrichStage] = {}


def register_stage(name: str) -> Callable[[EnrichStage], EnrichStage]:
    """Register an enrichment stage by name, so ``--stages`` can list and switch it."""

    def wrap(fn: EnrichStage) -> EnrichStage:
        ENRICH_STAGES[name] = fn
        return fn

    return wrap


@dataclass
class IngestOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    n_process: int = 1
    batch_size: int = 16
    stages: tuple[str, ...] | None = None  # None: every registered stage


def ingest(
    paths: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files/folders into the store and report what happened."""
    options = options or IngestOptions()
    report = IngestReport()
    notify = on_progress or (lambda source, status, detail: None)
    stages = select_stages(options.stages)
    context = StageContext(store)
    seen: set[str] = set()
    started = time.perf_counter()

    def fresh_documents() -> Iterator[tuple[str, Document]]:
        for item in read_inputs(paths, options.max_file_bytes):
            if isinstance(item, Skip):
                report.skipped.append(item)
                notify(item.source, "skipped", item.reason)
                continue
            try:
                document = clean_document(item)
            except (UndecodableError, ValueError) as exc:
                skip = Skip(item.source, str(exc))
                report.skipped.append(skip)
                notify(skip.source, "skipped", skip.reason)
                continue
            digest = document.content_hash
            if digest in seen or store.has_content(digest):
                report.duplicates.append(document.source)
                notify(document.source, "duplicate", document.id)
                continue
            seen.add(digest)
            yield document.text, document

    try:
        for spacy_doc, document in annotate_pipe(fresh_documents(), options.batch_size, options.n_process):
            annotated = AnnotatedDocument(document, sentences_from_doc(spacy_doc), doc=spacy_doc)
            for name, stage in stages:
                t0 = time.perf_counter()
                stage(annotated, context)
                report.stage_seconds[name] = report.stage_seconds.get(name, 0.0) + time.perf_counter() - t0
            t0 = time.perf_counter()
            store.add_document(annotated)
            report.stage_seconds["store"] = report.stage_seconds.get("store", 0.0) + time.perf_counter() - t0
            report.ingested.append(document.id)
            report.words += document.word_count
            notify(document.source, "ingested", document.id)
    except KeyboardInterrupt:
        report.interrupted = True
        store.recover_after_interrupt()
    if not report.interrupted and report.ingested:
        sync_vector_index(store)
    report.seconds = time.perf_counter() - started
    return report


def sync_vector_index(store: Store) -> None:
    """Bring the ANN index up to date, so the first claim check on a large corpus need not build it."""
    from claimtrace.retrieve.ann import MIN_ANN_VECTORS, VectorIndex

    if len(store.sentence_vectors()[0]) >= MIN_ANN_VECTORS:
        VectorIndex.for_store(store).sync(store)


def select_stages(names: tuple[str, ...] | None) -> list[tuple[str, EnrichStage]]:
    _load_builtin_stages()
    if names is None:
        return list(ENRICH_STAGES.items())
    unknown = [n for n in names if n not in ENRICH_STAGES]
    if unknown:
        from claimtrace.errors import UserError

        raise UserError(f"unknown stage(s) {', '.join(unknown)}; available: {', '.join(ENRICH_STAGES) or 'none'}")
    return [(n, ENRICH_STAGES[n]) for n in ENRICH_STAGES if n in names]


def _load_builtin_stages() -> None:
    """Import the modules whose ``register_stage`` calls fill ENRICH_STAGES."""
    import claimtrace.stages  # noqa: F401
