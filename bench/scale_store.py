"""Claim-check figures on a store already grown by bench/scale.py's ``grow``, without the HNSW index.

    python bench/scale_store.py grow DB SIZE     # ingest the demo corpus, grow to SIZE sentences, optimize
    python bench/scale_store.py check DB         # the 20 claims, exact vs bounded full text

DB is a SQLite path or a postgresql:// URL. ``check`` runs bench/scale.py's ``time_claims`` in two
modes that differ only in the full-text search: "exact" ranks every match, "bounded" ranks at most
``store.sql.CANDIDATE_CAP`` candidates; both use the exact dense search (``dense_top_k`` over the
whole matrix), so the figures need no HNSW index (whose build at 1M sentences takes minutes on an
idle 2-core machine and far longer on a loaded one) and the verdict comparison isolates the
full-text change. Printed: median / p95 (nearest rank) seconds of the check, the retrieval, its
full-text and dense parts and the verifier's judging, then each claim's verdict in both modes.
"""

from __future__ import annotations

import functools
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402


def grow(url: str, size: int) -> None:
    from claimtrace.service import Workbench

    with Workbench(url) as bench:
        if bench.store.is_empty():
            bench.ingest([str(scale.DEMO)])
        t0 = time.perf_counter()
        scale.grow(bench.store, size, random.Random(7), 0)
        bench.store.optimize()
        print(f"grown to {bench.counts()['sentences']:,} sentences in {time.perf_counter() - t0:.0f}s", flush=True)


def check(url: str) -> None:
    import claimtrace.retrieve.hybrid as hybrid
    from claimtrace.retrieve import ann
    from claimtrace.service import Workbench
    from claimtrace.store.sql import CANDIDATE_CAP

    claims = scale.check_claims()
    exact_dense = functools.partial(ann.dense_search, min_vectors=1 << 62)
    modes = {"exact": (exact_dense, None), "bounded": (exact_dense, CANDIDATE_CAP)}
    with Workbench(url) as bench:
        t0 = time.perf_counter()
        bench.store.sentence_vectors()
        print(f"vector matrix loaded in {time.perf_counter() - t0:.1f}s", flush=True)
        for search, cap in modes.values():  # warm both paths
            hybrid.dense_search = search
            bench.store.candidate_cap = cap
            bench.check(claims[0])
        figures, verdicts = scale.time_claims(bench, claims, 1, modes)
        n = bench.counts()["sentences"]
    print(f"{'sentences':>10} {'mode':>8} {'check':>15} {'retrieval':>15} {'full-text':>15} {'dense':>15} {'judge':>15}")
    for mode, f in figures.items():
        cells = " ".join(f"{statistics.median(f[k]):>7.3f}/{scale.p95(f[k]):>7.3f}" for k in ("check", "retrieval", "fts", "dense", "judge"))
        print(f"{n:>10,} {mode:>8} {cells}", flush=True)
    same = sum(a == b for a, b in zip(verdicts["exact"], verdicts["bounded"]))
    print(f"verdicts bounded = exact on {same} of {len(claims)}")
    for claim, a, b in zip(claims, verdicts["exact"], verdicts["bounded"]):
        print(f"  {'=' if a == b else '!'} {a:<20} {b:<20} {claim[:60]}")


def main() -> int:
    if len(sys.argv) >= 4 and sys.argv[1] == "grow":
        grow(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
