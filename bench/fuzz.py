"""Fuzz campaign: folder ingests of generated hostile and good files; prints the counts.

    python bench/fuzz.py [--files 2000] [--seed 1] [--backend sqlite|postgres|both] [--pg-url URL] [--batch 1]

The inputs come from tests/fuzz_corpus.py (the generator of the CI fuzz suite,
tests/test_fuzz_ingest.py) with a larger count. For each backend it prints how
many inputs were stored, reported, duplicates; internal errors (documents only
the ingest's safety net caught, "failed while ..."); good files lost; files
that vanished without a word; the slowest document; and the integrity check
(SQLite: PRAGMA integrity_check and FTS5's; PostgreSQL: amcheck on every B-tree index).
Without --pg-url a throwaway PostgreSQL server is started with tests/pg_server.py, and
stopped however the campaign ends.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from fuzz_corpus import FUZZ_MAX_DOC_CHARS, RUN_WORD, build, unlock, warm_up  # noqa: E402

MARKER = re.compile(r"Fuzzmark\d+x\w+")


def campaign(url: str, folder: Path, files: int, seed: int, batch: int) -> dict[str, object]:
    from claimtrace.clean.normalise import scrub
    from claimtrace.pipeline import IngestOptions
    from claimtrace.service import Workbench
    from claimtrace.store import open_store

    corpus = build(folder, files, seed)
    times: dict[str, float] = {}  # wall seconds per document
    cpu: dict[str, float] = {}  # CPU seconds of this process per document
    last = [time.perf_counter(), time.process_time()]

    def on_progress(source: str, status: str, detail: str) -> None:
        now, now_cpu = time.perf_counter(), time.process_time()
        times[source], cpu[source] = now - last[0], now_cpu - last[1]
        last[:] = [now, now_cpu]

    try:
        with Workbench(url) as bench:
            warm_up(bench, folder.parent / f"warm-{folder.name}")
            started = last[0] = time.perf_counter()
            last[1] = time.process_time()
            options = IngestOptions(max_doc_chars=FUZZ_MAX_DOC_CHARS, batch_size=batch)
            report = bench.ingest([str(folder)], options, on_progress)
            wall = time.perf_counter() - started
            details = [bench.document(d.id) for d in bench.documents()]
            run_hits = len(bench.search(RUN_WORD))
    finally:
        unlock(folder)
    root = str(folder) + "/"
    details = [d for d in details if "Warmup" not in (d.document.title or "")]
    markers = {m for d in details for m in MARKER.findall(f"{d.document.title} {d.text}")}
    sources = {d.document.source for d in details}
    lost, vanished, wrong_reason = [], [], []
    for e in corpus.expected:
        path = scrub(root + e.name)
        mine = [s for s in report.skipped if s.source == path or s.source.startswith(path + "#")]
        stored = any(s == path or s.startswith(path + "#") for s in sources)
        if e.outcome == "good" and e.marker not in markers:
            lost.append(e.name)
        elif e.outcome == "skip" and (not mine or not all(w in mine[0].reason for w in e.reason)):
            wrong_reason.append(e.name)
        elif not (stored or mine or path in report.duplicates or e.marker in markers):
            vanished.append(e.name)
    internal = [s for s in report.skipped if s.reason.startswith("failed while")]
    offsets_ok = all(d.text[s.start : s.end] == s.text for d in details for s in d.sentences)
    with open_store(url) as store:
        integrity = store.integrity_check()
    slowest = max(times.items(), key=lambda kv: kv[1]) if times else ("-", 0.0)
    case_of = {scrub(root + e.name): e.case for e in corpus.expected}
    by_case: dict[str, float] = {}
    for source, seconds in times.items():
        case = case_of.get(source.split("#")[0], "?")
        by_case[case] = max(by_case.get(case, 0.0), seconds)
    kinds = Counter(e.outcome for e in corpus.expected)
    return {
        "inputs": len(corpus.expected),
        "expected good/skip/either": f"{kinds['good']}/{kinds['skip']}/{kinds['either']}",
        "documents stored": len(report.ingested),
        "skipped (reported)": len(report.skipped),
        "duplicates": len(report.duplicates),
        "internal errors": len(internal),
        "good files lost": len(lost),
        "vanished without a word": len(vanished),
        "expected skips with a wrong reason": len(wrong_reason),
        "offsets consistent": offsets_ok,
        "run words found by search": run_hits,
        "integrity_check": integrity,
        "slowest document": f"{slowest[1]:.2f} s ({Path(slowest[0].split('#')[0]).name})",
        "documents over 10 s (wall)": sum(1 for t in times.values() if t >= 10),
        "slowest document (CPU)": f"{max(cpu.values(), default=0.0):.2f} s",
        "documents over 10 s (CPU)": sum(1 for t in cpu.values() if t >= 10),
        "wall": f"{wall:.1f} s",
        "slowest per case (s)": ", ".join(f"{c} {t:.1f}" for c, t in sorted(by_case.items(), key=lambda kv: -kv[1])[:8]),
        "details": {"internal": [(s.source, s.reason) for s in internal[:5]], "lost": lost[:5],
                    "vanished": vanished[:5], "wrong reason": wrong_reason[:5]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--batch", type=int, default=1, help="spaCy batch size (1: per-document timings)")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for backend in backends:
                if backend == "sqlite":
                    url = str(Path(tmp) / "fuzz.db")
                elif args.pg_url:
                    url = args.pg_url
                else:
                    from pg_server import PostgresServer

                    server = server or PostgresServer.start()
                    url = server.create_database()
                result = campaign(url, Path(tmp) / f"in-{backend}", args.files, args.seed, args.batch)
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"== {backend}: {args.files} generated files, seed {args.seed}, peak RSS so far {peak:.0f} MiB")
                details = result.pop("details")
                for key, value in result.items():
                    print(f"  {key:36} {value}")
                if any(details.values()):
                    print(f"  examples: {details}")
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
