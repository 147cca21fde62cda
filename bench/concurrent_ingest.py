"""Four concurrent folder ingests on one SQLite file and one PostgreSQL database, repeated; prints what each run did.

    python bench/concurrent_ingest.py [--repeat 5] [--processes 4] [--documents 18] [--backend sqlite|postgres|both]

Each run starts ``--processes`` ``claimtrace ingest`` processes at once over the
same articles (tests/concurrency_corpus.py), each in another order, on a fresh
store, and compares documents and speakers with one clean ingest of the same
files. Without a PostgreSQL URL a throwaway server is started with tests/pg_server.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from concurrency_corpus import concurrent_ingests, speaker_table, write_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--documents", type=int, default=18)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    from claimtrace.pipeline import IngestOptions
    from claimtrace.service import Workbench

    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp) / "in", args.documents)

        def fresh(backend: str, name: str) -> str:
            nonlocal server
            if backend == "sqlite":
                return str(Path(tmp) / f"{name}.db")
            from pg_server import PostgresServer

            server = server or PostgresServer.start()
            return server.create_database()

        for backend in backends:
            with Workbench(fresh(backend, "clean")) as bench:
                bench.ingest([str(p) for p in paths], IngestOptions(stages=("quotes", "time")))
                clean_docs, clean_speakers = {d.id for d in bench.documents()}, speaker_table(bench)
            print(f"== {backend}: clean ingest {len(clean_docs)} documents, {len(clean_speakers)} speakers")
            for run in range(args.repeat):
                url = fresh(backend, f"shared{run}")
                started = time.perf_counter()
                results = concurrent_ingests(url, paths, args.processes)
                with Workbench(url, readonly=True) as bench:
                    docs, speakers = {d.id for d in bench.documents()}, speaker_table(bench)
                codes = Counter(code for code, _ in results)
                errors = sum("internal error" in err for _, err in results)
                print(
                    f"  run {run + 1}: exit codes {dict(codes)}, internal errors {errors}, documents {len(docs)} "
                    f"(equal to clean: {docs == clean_docs}), speakers {len(speakers)} "
                    f"(equal to clean: {speakers == clean_speakers}), {time.perf_counter() - started:.1f} s",
                    flush=True,
                )
    if server is not None:
        server.stop()


if __name__ == "__main__":
    main()
