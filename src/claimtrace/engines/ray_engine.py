"""Distributed ingest on Ray Data: many workers annotate, one writer commits in input order.

The expensive part of ingest (reading, repair, spaCy, quotes, time, provenance,
embeddings) has no state shared between documents, so it runs on a pool of Ray
actors, each loading spaCy and the embedder once. The one cross-document step,
giving every quoted speaker one id across the corpus (``SpeakerRegistry``),
depends on the order documents arrive in; so the driver resolves speakers and
writes partitions strictly in input order, exactly as the local engine would,
and a corpus built here equals one built by ``claimtrace.pipeline.ingest``.

Inputs are split into partitions of consecutive files. A partition is the unit
of retry and of commit: a worker that raises or dies is restarted and the whole
partition annotated again (annotation is deterministic), and the driver writes
each partition in one PostgreSQL transaction, so a failure at any point leaves
whole partitions or nothing; re-running continues where it stopped (dedup by
content hash, before the NLP as in the local engine).

The target must be PostgreSQL: workers on other machines check for duplicates
against the same database, which a SQLite file on the driver's disk cannot offer.
"""

from __future__ import annotations

import json
import logging
import math
import os
import pickle
import socket
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimtrace.annotate import Stage, StageContext, annotate_document, write_document
from claimtrace.errors import UserError
from claimtrace.pipeline import IngestOptions, ProgressCallback, select_stages, sync_vector_index
from claimtrace.records import AnnotatedDocument, IngestReport, Skip
from claimtrace.store.base import Store

DEFAULT_PARTITION_BYTES = 1 << 20  # 1 MiB of input per partition: a few hundred articles
PARTITIONS_PER_WORKER = 4  # several partitions each, so one slow partition does not idle the others

# (kind, ...) entries a worker returns for one partition, in input order.
Entry = tuple[Any, ...]


@dataclass
class Fault:
    """Test hook: break the first attempt at one partition, to prove retries are clean.

    ``marker`` is a file the first attempt creates (attempts may run in different
    processes, so the memory of "already failed" lives on disk); ``mode`` is
    ``raise`` (an exception in the worker) or ``crash`` (the worker process dies).
    """

    marker: str
    partition: int = 0
    mode: str = "raise"


@dataclass
class RayOptions:
    address: str | None = None  # None: start a local cluster (or use the one this process already joined)
    workers: int | None = None  # Ray actors, one CPU each, each holding its own spaCy and embedder; None: every CPU
    partition_bytes: int = DEFAULT_PARTITION_BYTES
    max_retries: int = 3  # per partition, for exceptions and for dead workers alike
    fault: Fault | None = None  # tests only


@dataclass
class PartitionResult:
    """What one worker made of one partition; pickled into a single Ray Data row."""

    entries: list[Entry]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    worker: str = ""


# -- planning ------------------------------------------------------------------------
def plan_partitions(files: list[Path], workers: int, partition_bytes: int = DEFAULT_PARTITION_BYTES) -> list[list[Path]]:
    """Consecutive runs of files of about equal size: at least a few per worker, none much over ``partition_bytes``."""
    if not files:
        return []
    sizes = [_size(f) for f in files]
    remaining = sum(sizes)
    count = min(len(files), max(workers * PARTITIONS_PER_WORKER, math.ceil(remaining / max(partition_bytes, 1))))
    partitions: list[list[Path]] = []
    i = 0
    for left in range(count, 0, -1):  # partitions still to make, this one included
        budget = remaining / left
        start, filled = i, sizes[i]
        i += 1
        # Add files while they fit the budget, leaving at least one file for each later partition.
        while i < len(files) and (left == 1 or (i < len(files) - (left - 1) and filled + sizes[i] / 2 <= budget)):
            filled += sizes[i]
            i += 1
        partitions.append(files[start:i])
        remaining -= filled
    return partitions


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports the error as a skip


# -- worker side ---------------------------------------------------------------------
class AnnotateWorker:
    """A Ray Data actor: loads the models once, then annotates whole partitions."""

    def __init__(
        self, db_url: str, stages: tuple[str, ...] | None, batch_size: int, max_file_bytes: int, fault: Fault | None = None
    ) -> None:
        from claimtrace.nlp.pipeline import load_nlp
        from claimtrace.retrieve.embedder import static_model
        from claimtrace.store import open_store

        self.stages = select_stages(stages)
        self.batch_size = batch_size
        self.max_file_bytes = max_file_bytes
        self.fault = fault
        load_nlp()
        if any(stage.name == "embed" for stage in self.stages):
            static_model()
        self.store = open_store(db_url, readonly=True)  # only to skip stored documents before the NLP
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        partitions = [int(p) for p in batch["partition"]]
        payloads = []
        for partition, paths in zip(partitions, batch["paths"]):
            result = self.annotate([Path(p) for p in json.loads(str(paths))])
            self._maybe_fail(partition)
            payloads.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return {"partition": np.array(partitions, dtype=np.int64), "payload": np.array(payloads, dtype=object)}

    def annotate(self, files: list[Path]) -> PartitionResult:
        """Read, repair, deduplicate and annotate one partition's files, keeping their order."""
        from claimtrace.clean import UndecodableError, clean_document
        from claimtrace.ingest.readers import read_file
        from claimtrace.nlp.pipeline import annotate_pipe, sentences_from_doc

        started = time.perf_counter()
        result = PartitionResult([], worker=self.name)
        fresh: list[tuple[str, int]] = []
        seen: set[str] = set()
        for path in files:
            for item in read_file(path, self.max_file_bytes):
                if isinstance(item, Skip):
                    result.entries.append(("skipped", item))
                    continue
                try:
                    document = clean_document(item)
                except (UndecodableError, ValueError) as exc:
                    result.entries.append(("skipped", Skip(item.source, str(exc))))
                    continue
                digest = document.content_hash
                if digest in seen or self.store.has_content(digest):
                    result.entries.append(("duplicate", document.source, document.id))
                    continue
                seen.add(digest)
                fresh.append((document.text, len(result.entries)))
                result.entries.append(("document", document))
        for spacy_doc, position in annotate_pipe(fresh, self.batch_size, 1):
            document = result.entries[position][1]
            # The per-document steps, as the local engine runs them; speaker ids are given on the driver, in input order.
            annotated = annotate_document(document, spacy_doc, sentences_from_doc(spacy_doc), self.stages, result.stage_seconds)
            annotated.release_parse()  # the parse stays here; everything the store needs is in the records
            result.entries[position] = ("annotated", annotated)
        result.stage_seconds["workers"] = time.perf_counter() - started  # busy time, spaCy and reading included
        return result

    def _maybe_fail(self, partition: int) -> None:
        fault = self.fault
        if fault is None or fault.partition != partition:
            return
        try:
            fd = os.open(fault.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return  # this is the retry: let it through
        os.write(fd, self.name.encode())
        os.close(fd)
        if fault.mode == "crash":
            os._exit(1)
        raise RuntimeError(f"injected failure in partition {partition}")


# -- driver side ---------------------------------------------------------------------
def ingest_ray(
    paths: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    ray_options: RayOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files/folders with a pool of Ray workers into a PostgreSQL store; same report as the local engine."""
    from claimtrace.ingest.readers import walk_inputs

    options = options or IngestOptions()
    ray_options = ray_options or RayOptions()
    paths = list(paths)
    if not paths:
        raise UserError("no input given; name files or folders to ingest, e.g. `claimtrace ingest articles/`")
    db_url = _postgres_url(store)
    if ray_options.workers is not None and ray_options.workers < 1:
        raise UserError("--workers must be at least 1")
    stages = select_stages(options.stages)  # unknown names and a wrong order fail here, not on a worker
    stage_names = tuple(stage.name for stage in stages)
    report = IngestReport()
    notify = on_progress or (lambda source, status, detail: None)
    started = time.perf_counter()

    files: list[Path] = []
    for entry in walk_inputs(paths):
        if isinstance(entry, Skip):
            report.skipped.append(entry)
            notify(entry.source, "skipped", entry.reason)
        else:
            files.append(entry)
    if files:
        writer = _Writer(store, report, notify, stages)
        with _ray_session(ray_options) as (ray_data, workers):
            partitions = plan_partitions(files, workers, ray_options.partition_bytes)
            try:
                for partition, result in _annotated_partitions(ray_data, partitions, workers, db_url, stage_names, options, ray_options):
                    writer.commit(partition, result)
            except KeyboardInterrupt:
                report.interrupted = True
                store.recover_after_interrupt()
    if not report.interrupted and report.ingested:
        t0 = time.perf_counter()
        sync_vector_index(store)
        report.stage_seconds["index"] = time.perf_counter() - t0
    report.seconds = time.perf_counter() - started
    return report


NEEDS_POSTGRES = (
    "--engine ray writes to PostgreSQL: give --db postgresql://... (workers on other machines cannot share a "
    "SQLite file); use the local engine for a SQLite corpus"
)


def check_target(db: str) -> None:
    """Refuse a SQLite target before anything opens (and so creates) the file."""
    if not db.startswith(("postgresql://", "postgres://")):
        raise UserError(NEEDS_POSTGRES)


def _postgres_url(store: Store) -> str:
    from claimtrace.store.postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        raise UserError(NEEDS_POSTGRES)
    return store.url


@contextmanager
def _ray_session(ray_options: RayOptions) -> Iterator[tuple[Any, int]]:
    """Join the cluster at ``address`` (or start a local one), unless this process is already connected.

    Yields ``ray.data`` and the number of workers: as asked, or one per CPU of the cluster.
    """
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UserError(f"--engine ray needs Ray ({exc}); pip install 'claimtrace[ray]'") from exc

    owned = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False, "include_dashboard": False}
        try:
            if ray_options.address:
                ray.init(address=ray_options.address, **kwargs)
            else:
                ray.init(num_cpus=ray_options.workers or os.cpu_count() or 1, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = ray_options.address or "a local cluster"
            raise UserError(f"cannot start Ray on {where}: {str(exc).splitlines()[0] if str(exc) else exc!r}") from exc
        owned = True
    try:
        workers = ray_options.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        yield ray.data, workers
    finally:
        if owned:
            ray.shutdown()


def _annotated_partitions(
    ray_data: Any,
    partitions: list[list[Path]],
    workers: int,
    db_url: str,
    stage_names: tuple[str, ...],
    options: IngestOptions,
    ray_options: RayOptions,
) -> Iterator[tuple[int, PartitionResult]]:
    """Partition results in partition order, while the workers run ahead on later ones."""
    context = ray_data.DataContext.get_current()
    saved = (context.actor_task_retry_on_errors, context.enable_progress_bars)
    context.actor_task_retry_on_errors = True  # an exception in a worker is retried like a dead worker
    context.enable_progress_bars = False
    data_logger = logging.getLogger("ray.data")
    saved_level = data_logger.level
    data_logger.setLevel(logging.ERROR)  # no execution plans or progress-bar notices on the user's terminal
    try:
        rows = [
            {"partition": i, "paths": json.dumps([str(p.resolve()) for p in part])} for i, part in enumerate(partitions)
        ]
        with warnings.catch_warnings():
            # Ray 2.60 has no named parameter for task retries yet; the pinned version still takes them as kwargs.
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = ray_data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                AnnotateWorker,
                batch_size=1,
                batch_format="numpy",
                compute=ray_data.ActorPoolStrategy(size=min(workers, len(partitions))),
                num_cpus=1,
                fn_constructor_kwargs={
                    "db_url": db_url,
                    "stages": stage_names,
                    "batch_size": options.batch_size,
                    "max_file_bytes": options.max_file_bytes,
                    "fault": ray_options.fault,
                },
                max_restarts=-1,  # a dead worker is replaced ...
                max_task_retries=ray_options.max_retries,  # ... and its partition tried again, a bounded number of times
            )
        waiting: dict[int, bytes] = {}
        expected = 0
        for row in dataset.iter_rows():
            waiting[int(row["partition"])] = row["payload"]
            while expected in waiting:
                yield expected, pickle.loads(waiting.pop(expected))
                expected += 1
        if expected != len(partitions):  # pragma: no cover - Ray lost a partition without raising
            raise RuntimeError(f"Ray returned {expected} of {len(partitions)} partitions")
    finally:
        context.actor_task_retry_on_errors, context.enable_progress_bars = saved
        data_logger.setLevel(saved_level)


class _Writer:
    """Commits partitions in input order, one transaction each, giving speaker ids as the local engine does."""

    def __init__(self, store: Store, report: IngestReport, notify: ProgressCallback, stages: list[Stage]) -> None:
        self.store = store
        self.report = report
        self.notify = notify
        self.seen: set[str] = set()
        # The stages' corpus-wide steps (the speaker registry) run inside each document's write, under the
        # store's write lock, as in the local engine (write_document), so a concurrent ingest never creates a
        # speaker twice.
        self.stages = stages
        self.context = StageContext(store)

    def commit(self, partition: int, result: PartitionResult) -> None:
        report = self.report
        for name, seconds in result.stage_seconds.items():
            report.stage_seconds[name] = report.stage_seconds.get(name, 0.0) + seconds
        events: list[tuple[str, str, str]] = []
        written: list[AnnotatedDocument] = []
        seen = set(self.seen)
        t0 = time.perf_counter()
        with self.store.transaction():  # one commit a partition: each add_document inside is a savepoint
            for entry in result.entries:
                kind = entry[0]
                if kind == "skipped":
                    report.skipped.append(entry[1])
                    events.append((entry[1].source, "skipped", entry[1].reason))
                elif kind == "duplicate":
                    report.duplicates.append(entry[1])
                    events.append((entry[1], "duplicate", entry[2]))
                else:
                    annotated: AnnotatedDocument = entry[1]
                    document = annotated.document
                    if document.content_hash in seen or self.store.has_content(document.content_hash):
                        report.duplicates.append(document.source)  # also in an earlier partition of this run
                        events.append((document.source, "duplicate", document.id))
                        continue
                    seen.add(document.content_hash)
                    if not write_document(annotated, self.stages, self.context):
                        report.duplicates.append(document.source)  # a concurrent ingest stored it first
                        events.append((document.source, "duplicate", document.id))
                        continue
                    written.append(annotated)
                    events.append((document.source, "ingested", document.id))
        self.seen = seen
        report.stage_seconds["store"] = report.stage_seconds.get("store", 0.0) + time.perf_counter() - t0
        for annotated in written:
            report.ingested.append(annotated.document.id)
            report.words += annotated.document.word_count
        for source, status, detail in events:
            self.notify(source, status, detail)  # type: ignore[arg-type]
