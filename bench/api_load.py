"""Claim-check latency through the HTTP API under a small, bounded concurrent load.

    python bench/api_load.py [--db corpus.db] [--requests 50] [--clients 4] [--json]

Starts the real app (uvicorn, loopback, free port) over the demo corpus
(ingested into a temporary database unless --db is given), waits for its
warm-up to load the models, then sends --requests POST /api/check requests
from --clients concurrent clients, cycling through the claims below. Prints
the median, p95 and max latency per request as the client sees it, the
server's own time per check, the throughput and any non-200 answer. The rate
limit is switched off for the run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo_corpus" / "articles"
CLAIMS = [
    ("Valdoria and Kestrania have signed a mutual defence treaty.", "2025-01-31"),
    ("Valdoria and Kestrania signed a secret defence pact in March 2023.", None),
    ("Tomas Reyvik says a military alliance with Valdoria is unthinkable.", "2023-12-31"),
    ("The Kestranian foreign ministry denied that a secret pact exists.", None),
    ("The text of the defence treaty has been kept secret.", "2025-01-31"),
    ("The two armies held a joint exercise in June 2024.", None),
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def run_load(url: str, requests: int, clients: int) -> tuple[list[float], list[float], list[str]]:
    """Client-side latency of each request, the server's own check time (timing.total_s), and failures."""
    import httpx

    plan = list(itertools.islice(itertools.cycle(CLAIMS), requests))
    latencies: list[float] = []
    service: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    local = threading.local()

    def one(item: tuple[str, str | None]) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=url, timeout=60)
        claim, as_of = item
        started = time.perf_counter()
        try:
            response = local.client.post("/api/check", json={"claim": claim, "as_of": as_of})
            problem = None if response.status_code == 200 else f"{response.status_code}: {response.text[:200]}"
            checked = response.json()["timing"]["total_s"] if problem is None else None
        except Exception as exc:  # a dropped connection counts as a failed request, not a crash of the bench
            problem, checked = f"{type(exc).__name__}: {exc}", None
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if checked is not None:
                service.append(checked)
            if problem:
                problems.append(problem)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, plan))
    return latencies, service, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing corpus (default: ingest the demo corpus into a temp file)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from claimtrace.service import Workbench
    from claimtrace.web.app import create_app
    from claimtrace.web.live import serve_in_thread
    from claimtrace.web.settings import WebSettings

    with tempfile.TemporaryDirectory() as scratch:
        db = args.db
        if db is None:
            db = Path(scratch) / "demo.db"
            with Workbench(db) as bench:
                bench.ingest([str(DEMO)])
        app = create_app(WebSettings(db=str(db), rate_per_second=0, read_only=args.db is not None, upload_dir=scratch))
        warm_started = time.perf_counter()
        with serve_in_thread(app) as live:
            warm_s = time.perf_counter() - warm_started
            state = app.state.web
            if not state.check_ready:
                print(f"the claim check is not available: {state.check_problem}", file=sys.stderr)
                return 1
            started = time.perf_counter()
            latencies, service, problems = run_load(live.url, args.requests, args.clients)
            wall = time.perf_counter() - started

    figures = {
        "requests": len(latencies), "clients": args.clients, "errors": len(problems),
        "median_s": round(statistics.median(latencies), 3), "p95_s": round(percentile(latencies, 95), 3),
        "max_s": round(max(latencies), 3), "mean_s": round(statistics.fmean(latencies), 3),
        "check_median_s": round(statistics.median(service), 3) if service else None,
        "throughput_per_s": round(len(latencies) / wall, 2), "startup_with_warm_up_s": round(warm_s, 1),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"POST /api/check: {figures['requests']} requests, {args.clients} concurrent clients, {figures['errors']} errors")
        print(f"latency median {figures['median_s']:.3f} s, p95 {figures['p95_s']:.3f} s, max {figures['max_s']:.3f} s; "
              f"{figures['throughput_per_s']:.2f} requests/s; start-up incl. warm-up {figures['startup_with_warm_up_s']} s")
        print(f"the check itself (server timing.total_s) median {figures['check_median_s']} s; the rest is waiting "
              "for the checks ahead of it (checks run one at a time)")
    for problem in problems[:5]:
        print("  " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
