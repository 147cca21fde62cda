"""Ingest runs in the background, one at a time, with progress a page can poll.

An upload returns at once with a job id; the browser polls the job until it
is done. Jobs run one after another in a single worker thread because the
store takes one writer at a time and spaCy is the bottleneck anyway.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import threading
import time
import traceback
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from claimtrace import views
from claimtrace.errors import UserError

JobState = Literal["queued", "running", "done", "failed"]
MAX_REMEMBERED_JOBS = 50
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class IngestJob:
    """What one ingest run is doing; ``report`` is the ``claimtrace.ingest`` view once done."""

    id: str
    origin: Literal["upload", "paths"]
    inputs: list[str]
    paths: list[str]
    state: JobState = "queued"
    files_total: int = 0
    files_seen: int = 0
    ingested: int = 0
    duplicates: int = 0
    skipped: int = 0
    skip_reasons: list[dict[str, str]] = field(default_factory=list)
    current: str | None = None
    error: str | None = None
    report: dict[str, Any] | None = None
    created_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("paths")  # server paths are not the client's business
        return views.envelope("job", **data)


def safe_filename(name: str) -> str:
    """A file name that cannot escape the upload folder or hide as a dotfile; keeps the extension."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _UNSAFE_NAME.sub("_", base).strip("._-")[-120:]
    return cleaned or "upload"


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``... when two uploads share a name."""
    candidate, stem, suffix, n = name, Path(name).stem, Path(name).suffix, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


def within(path: Path, roots: list[Path]) -> bool:
    """True when ``path`` (resolved, symlinks followed) lies inside one of ``roots``."""
    resolved = path.resolve()
    return any(resolved == root or root in resolved.parents for root in roots)


def files_inside(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files under ``folder`` (hidden ones left out, as ingest does) that really lie inside it.

    A symbolic link whose target is outside the folder is not followed: it is returned
    among the skips, with why. Links to folders are never descended into.
    """
    top = folder.resolve()
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for here, dirs, names in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*names, *(d for d in dirs if Path(here, d).is_symlink())]):
            if name.startswith("."):
                continue
            path = Path(here, name)
            if path.is_symlink():
                if not within(path, [top]):
                    skipped.append((str(path), "a link to a file outside the folder; links out of it are not followed"))
                    continue
                if path.is_dir():
                    skipped.append((str(path), "a link to another folder; not followed"))
                    continue
            if path.is_file():
                files.append(path)
    return files, skipped


class IngestJobs:
    """Queue of ingest jobs against one database, run by a single worker thread."""

    def __init__(self, db: str, uploads: Path, ingest_roots: list[str], upload_retention_s: float = 24 * 3600.0):
        self.db = db
        self.uploads = uploads
        self.roots = [Path(r).resolve() for r in ingest_roots]
        self.upload_retention_s = upload_retention_s
        self.purge_old_uploads()
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimtrace-ingest")

    # -- submitting -------------------------------------------------------
    def submit_paths(self, paths: list[str]) -> IngestJob:
        """Ingest files or folders already on the server, if they lie inside an allowed root."""
        if not paths:
            raise UserError("no paths given; name files or folders to ingest")
        checked = []
        for raw in paths:
            if not raw.strip() or "\x00" in raw:
                raise UserError("an empty or malformed path was given")
            path = self._locate(Path(raw).expanduser())
            if not within(path, self.roots):
                raise PermissionError(
                    f"{raw!r} is outside the folders this server may read; start it with --ingest-root to allow it"
                )
            if not path.exists():
                raise UserError(f"no such file or folder: {raw!r}")
            checked.append(str(path.resolve()))
        return self._submit(IngestJob(self._new_id(), "paths", list(paths), checked))

    def submit_upload(self, files: list[tuple[str, bytes]]) -> IngestJob:
        """Save uploaded (name, bytes) pairs to a fresh folder and ingest it."""
        if not files:
            raise UserError("no files uploaded; choose one or more article files")
        self.purge_old_uploads()
        job_id = self._new_id()
        folder = self.uploads / job_id
        folder.mkdir(parents=True, exist_ok=False)
        taken: set[str] = set()
        for name, data in files:
            (folder / unique_name(safe_filename(name), taken)).write_bytes(data)
        return self._submit(IngestJob(job_id, "upload", [Path(n).name for n, _ in files], [str(folder)]))

    def _locate(self, path: Path) -> Path:
        """A relative path is taken inside the ingest roots (the first that holds it)."""
        if path.is_absolute():
            return path
        return next((root / path for root in self.roots if (root / path).exists()), self.roots[0] / path)

    def purge_old_uploads(self, now: float | None = None) -> list[str]:
        """Delete kept (failed) upload folders older than the retention time; return their names."""
        if not self.uploads.is_dir():
            return []
        cutoff = (time.time() if now is None else now) - self.upload_retention_s
        removed = []
        for folder in self.uploads.iterdir():
            try:
                if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder.name)
            except OSError:
                continue
        return removed

    def _new_id(self) -> str:
        return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)

    def _submit(self, job: IngestJob) -> IngestJob:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_REMEMBERED_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].state in {"queued", "running"}:
                    break
                self._jobs.pop(oldest)
        self._executor.submit(self._run, job)
        return job

    # -- reading ----------------------------------------------------------
    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[IngestJob]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def wait(self, job_id: str, timeout: float = 120.0) -> IngestJob | None:
        """Block until a job finishes (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.get(job_id)
            if job is None or job.state in {"done", "failed"}:
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- running ----------------------------------------------------------
    def _run(self, job: IngestJob) -> None:
        from claimtrace.ingest.readers import walk_inputs
        from claimtrace.service import Workbench

        job.state = "running"
        seen_files: set[str] = set()

        def on_progress(source: str, status: str, detail: str) -> None:
            seen_files.add(source.split("#", 1)[0])
            job.files_seen = min(len(seen_files), job.files_total or len(seen_files))
            job.current = Path(source.split("#", 1)[0]).name
            if status == "ingested":
                job.ingested += 1
            elif status == "duplicate":
                job.duplicates += 1
            else:
                job.skipped += 1
                job.skip_reasons.append({"source": _display_source(source, job), "reason": detail})

        try:
            inputs = self._expand(job, on_progress)
            links = list(job.skip_reasons)
            job.files_total = sum(1 for _ in walk_inputs(inputs)) + len(links)
            with Workbench(self.db) as bench:
                report = bench.ingest(inputs, None, on_progress)
                job.report = views.ingest_report(report, bench.counts())
            job.report["skipped"] += len(links)
            job.report["skip_reasons"][:0] = links
            for skip in job.report["skip_reasons"]:
                skip["source"] = _display_source(skip["source"], job)
            job.files_seen = job.files_total
            job.state = "done"
        except UserError as exc:
            job.error = str(exc)
            job.state = "failed"
        except Exception as exc:  # a bug: keep the server up, say what failed
            job.error = f"internal error: {type(exc).__name__}: {exc}"
            job.state = "failed"
            traceback.print_exc()
        finally:
            job.current = None
            job.finished_at = time.time()
            if job.origin == "upload":
                self._clean_upload(job)

    def _expand(self, job: IngestJob, on_progress) -> list[str]:
        """Named folders become the files really inside them; links out are reported as skipped."""
        inputs: list[str] = []
        for given in job.paths:
            path = Path(given)
            if not path.is_dir():
                inputs.append(given)
                continue
            files, skipped = files_inside(path)
            inputs += [str(f) for f in files]
            for source, reason in skipped:
                on_progress(source, "skipped", reason)
        return inputs

    def _clean_upload(self, job: IngestJob) -> None:
        """An upload that went in is deleted; one that failed or had skips is kept for a look, for a bounded time."""
        if job.state == "done" and not job.skipped:
            for folder in job.paths:
                shutil.rmtree(folder, ignore_errors=True)


def _display_source(source: str, job: IngestJob) -> str:
    """Uploaded files are shown by their name, not the server folder they were saved in."""
    if job.origin == "upload":
        path, _, locator = source.partition("#")
        return Path(path).name + (f"#{locator}" if locator else "")
    return source
