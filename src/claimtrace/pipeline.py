"""The ingest side of the pipeline: read -> clean -> nlp -> enrich stages -> store.

The enrichment stages and the order they run in are declared where they are
registered (``claimtrace.stages``, on the contract of ``claimtrace.annotate``),
and checked when an ingest starts; this module runs them through the same
``annotate_document`` and ``write_document`` as the Ray engine.

Documents stream through one at a time (spaCy batches a few), so memory stays
flat however large the corpus. Each document is deduplicated before the
expensive NLP and written in its own transaction, which is what makes an
interrupted ingest resumable: the next run skips what is already stored.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import claimtrace.stages  # noqa: F401  # registers the built-in stages, in order
from claimtrace.annotate import STAGES, Stage, StageContext, StageOrderError, annotate_document, check_order, write_document
from claimtrace.clean import UndecodableError, clean_document
from claimtrace.clean.normalise import scrub
from claimtrace.errors import UserError
from claimtrace.ingest.readers import DEFAULT_MAX_DOC_CHARS, DEFAULT_MAX_FILE_BYTES, failure, read_inputs
from claimtrace.nlp.pipeline import annotate_pipe, sentences_from_doc
from claimtrace.records import Document, IngestReport, Skip
from claimtrace.store.base import Store
from claimtrace.store.errors import StoreUnavailable

Status = Literal["ingested", "duplicate", "skipped"]
ProgressCallback = Callable[[str, Status, str], None]


@dataclass
class IngestOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    n_process: int = 1
    batch_size: int = 16
    stages: tuple[str, ...] | None = None  # None: every registered stage
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS  # the per-document budget; see nlp.pipeline for the sentence caps


def ingest(
    paths: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files/folders into the store and report what happened.

    Every input ends stored, a duplicate, or skipped with a reason: a failure
    reading, repairing, parsing, enriching or storing one document skips that
    document and the batch goes on (documents spaCy had already read ahead are
    parsed again one by one). Only an environment failure of the store (disk
    full, locked, read-only) stops the batch, as a UserError naming the cause.
    """
    options = options or IngestOptions()
    report = IngestReport()
    notify = on_progress or (lambda source, status, detail: None)
    stages = select_stages(options.stages)
    context = StageContext(store)
    seen: set[str] = set()
    started = time.perf_counter()

    def skip(source: str, reason: str) -> None:
        item = Skip(scrub(source), scrub(reason))
        report.skipped.append(item)
        notify(item.source, "skipped", item.reason)

    def fresh_documents() -> Iterator[tuple[str, Document]]:
        for item in read_inputs(paths, options.max_file_bytes):
            if isinstance(item, Skip):
                skip(item.source, item.reason)
                continue
            try:
                document = clean_document(item, options.max_doc_chars)
            except (UndecodableError, ValueError) as exc:
                skip(item.source, str(exc))
                continue
            except Exception as exc:
                skip(item.source, failure("repairing", exc))
                continue
            digest = document.content_hash
            if digest in seen or store.has_content(digest):
                report.duplicates.append(document.source)
                notify(document.source, "duplicate", document.id)
                continue
            seen.add(digest)
            yield document.text, document

    def on_nlp_error(document: Document, exc: Exception) -> None:
        skip(document.source, failure("parsing", exc))

    try:
        for spacy_doc, document in annotate_isolated(fresh_documents(), options.batch_size, options.n_process, on_nlp_error):
            try:
                stored = _enrich_and_store(document, spacy_doc, stages, context, report)
            except StoreUnavailable as exc:
                raise UserError(str(exc)) from exc
            except Exception as exc:
                skip(document.source, failure("annotating or storing", exc))
                continue
            if stored:
                report.ingested.append(document.id)
                report.words += document.word_count
                notify(document.source, "ingested", document.id)
            else:
                report.duplicates.append(document.source)
                notify(document.source, "duplicate", document.id)
    except KeyboardInterrupt:
        report.interrupted = True
        store.recover_after_interrupt()
    if not report.interrupted and report.ingested:
        sync_vector_index(store)
    report.seconds = time.perf_counter() - started
    return report


def _enrich_and_store(
    document: Document, spacy_doc: Any, stages: list[Stage], context: StageContext, report: IngestReport
) -> bool:
    """Run the stages on one document and store it; False when a concurrent ingest stored it first."""
    annotated = annotate_document(document, spacy_doc, sentences_from_doc(spacy_doc), stages, report.stage_seconds)
    t0 = time.perf_counter()
    try:
        return write_document(annotated, stages, context)
    finally:
        report.stage_seconds["store"] = report.stage_seconds.get("store", 0.0) + time.perf_counter() - t0


class _SourceFailed(Exception):
    """Raised through spaCy when the stream of documents fed to it fails."""


def annotate_isolated(
    items: Iterable[tuple[str, Document]],
    batch_size: int,
    n_process: int,
    on_error: Callable[[Document, Exception], None],
) -> Iterator[tuple[Any, Document]]:
    """spaCy over a stream of documents, where one document that breaks spaCy costs only itself.

    An exception inside ``nlp.pipe`` ends the pipe and loses its batch; the
    documents it had read but not yet returned are parsed again one by one
    (the culprit is reported through ``on_error``), then a new pipe takes the
    rest of the stream.
    """
    from claimtrace.nlp.pipeline import load_nlp

    source = iter(items)
    in_flight: deque[tuple[str, Document]] = deque()

    def feed() -> Iterator[tuple[str, Document]]:
        while True:
            try:
                text, document = next(source)
            except StopIteration:
                return
            except Exception as exc:  # the input stream itself failed: not spaCy's fault, and not to be retried
                raise _SourceFailed from exc
            in_flight.append((text, document))
            yield text, document

    while True:
        try:
            for spacy_doc, document in annotate_pipe(feed(), batch_size, n_process):
                in_flight.popleft()
                yield spacy_doc, document
            return
        except _SourceFailed as failed:
            raise failed.__cause__ from None
        except Exception:
            retry = list(in_flight)
            in_flight.clear()
            for text, document in retry:
                try:
                    spacy_doc = load_nlp()(text)
                except Exception as exc:
                    on_error(document, exc)
                    continue
                yield spacy_doc, document


def sync_vector_index(store: Store) -> None:
    """Bring the ANN index up to date, so the first claim check on a large corpus need not build it."""
    from claimtrace.retrieve.ann import MIN_ANN_VECTORS, VectorIndex

    if len(store.sentence_vectors()[0]) >= MIN_ANN_VECTORS:
        VectorIndex.for_store(store).sync(store)


def select_stages(names: tuple[str, ...] | None) -> list[Stage]:
    """The registered stages an ingest runs (all when ``names`` is None), in pipeline order, their order checked.

    An unknown name, or a stage whose required fields no selected stage before
    it assigns, is a UserError saying what to change.
    """
    if names is None:
        chosen = list(STAGES.values())
    else:
        unknown = [n for n in names if n not in STAGES]
        if unknown:
            raise UserError(f"unknown stage(s) {', '.join(unknown)}; available: {', '.join(STAGES) or 'none'}")
        chosen = [stage for name, stage in STAGES.items() if name in names]
    try:
        check_order(chosen, STAGES.values())
    except StageOrderError as exc:
        raise UserError(f"{exc}: add it to --stages") from exc
    return chosen
