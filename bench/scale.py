"""Scale-out figures from one run: ingest throughput by engine, claim-check latency by corpus size.

    python bench/scale.py [--copies 20] [--sizes 100000,1000000] [--repeat 1] [--pg-url postgresql://...]
                          [--backends sqlite,postgres] [--skip-ingest] [--skip-check]

Part 1, ingest. The demo corpus is replicated ``--copies`` times with perturbations
(paragraphs shuffled after the first, one word per paragraph swapped for another
word of the corpus), one JSON file per document, so every copy is a distinct
document with the real NLP load. The same folder is ingested into fresh
databases by: the local engine into SQLite, the local engine into PostgreSQL,
and the Ray engine into PostgreSQL with 1 and 2 workers. Local runs start with
the models already loaded (a long-lived process); Ray runs join a local cluster
started beforehand (not timed) and include starting the workers and loading
their models, which every ``--engine ray`` run pays. Printed: words/s, the
scaling ratio of 2 workers over 1, and where the time went (NLP stage seconds
summed over workers, and the driver's write seconds).

Part 2, claim check at scale, on SQLite and on PostgreSQL (``--backends``). The demo
corpus is ingested for real, then the store is grown to each size in ``--sizes``
with synthetic documents of 40 sentences replicated from the demo sentences, one
word swapped per sentence, embedded with the shipped static embedder and
bulk-loaded through ``Store.bulk_load`` (the NLP is not run: at 1M sentences that
would be 20M words), then ``Store.optimize`` (PostgreSQL: vacuum and analyze; SQLite: FTS5 segment merge).
For each size 20 claims (bench/check.py's five, then the demo answer key's) are
checked warm in two modes, in turn: "exact" ranks every full-text match and runs
``dense_top_k`` over the whole vector matrix; "ANN" ranks only the bounded
full-text candidate set (``store.sql.CANDIDATE_CAP``) and searches the HNSW index
(``VectorIndex``). Printed per mode: median / p95 of the claim check, the
retrieval, its two parts (full-text search in the store, the dense search) and
the verifier's judging; then on how many claims the two modes' verdicts agree, and per claim how much
of the judged pool, the full-text top 100 and the dense top 100 the two modes share.
The index build and the first load of the vector matrix are timed separately.

Without ``--pg-url`` a throwaway server is started with ``tests/pg_server.py``.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo_corpus" / "articles"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from check import CLAIMS, SENTENCES_PER_DOC  # noqa: E402  (the same claims and document size as bench/check.py)
WORD = re.compile(r"\b[a-z]{4,}\b")
CLAIM_COUNT = 20


# -- part 1: ingest --------------------------------------------------------------------------
def demo_documents():
    from claimtrace.clean import clean_document
    from claimtrace.ingest.readers import read_inputs
    from claimtrace.records import Skip

    return [clean_document(item) for item in read_inputs([str(DEMO)]) if not isinstance(item, Skip)]


def write_replicated_corpus(folder: Path, copies: int, rng: random.Random) -> int:
    """One JSON file per perturbed copy of each demo document; returns the number of files."""
    documents = demo_documents()
    vocabulary = sorted({w for d in documents for w in WORD.findall(d.text)})
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for copy in range(copies):
        for document in documents:
            paragraphs = [p for p in document.text.split("\n") if p.strip()]
            head, rest = paragraphs[:1], paragraphs[1:]
            rng.shuffle(rest)
            perturbed = []
            for paragraph in head + rest:
                words = list(WORD.finditer(paragraph))
                if words:
                    m = rng.choice(words)
                    paragraph = paragraph[: m.start()] + rng.choice(vocabulary) + paragraph[m.end() :]
                perturbed.append(paragraph)
            given = {"date": document.published.value, "outlet": document.outlet, "author": document.author}
            record = {"title": f"{document.title or 'Untitled'} ({copy})", **{k: v for k, v in given.items() if v},
                      "text": "\n\n".join(perturbed)}
            (folder / f"copy{copy:03d}_{n:05d}.json").write_text(json.dumps(record), encoding="utf-8")
            n += 1
    return n


def time_ingest(label: str, folder: Path, url: str, ray_workers: int | None = None) -> dict[str, object]:
    from claimtrace.service import Workbench

    with Workbench(url) as wb:
        t0 = time.perf_counter()
        if ray_workers is None:
            report = wb.ingest([str(folder)])
        else:
            from claimtrace.engines.ray_engine import RayOptions, ingest_ray

            report = ingest_ray([str(folder)], wb.store, None, RayOptions(workers=ray_workers))
        seconds = time.perf_counter() - t0
        assert not report.skipped, report.skipped[:3]
        counts = wb.counts()
    stages = report.stage_seconds
    nlp = sum(v for k, v in stages.items() if k not in {"store", "index", "workers"})
    row = {
        "engine": label, "documents": len(report.ingested), "words": report.words, "seconds": seconds,
        "words_per_s": report.words / seconds, "stage_s": nlp, "store_s": stages.get("store", 0.0),
        "sentences": counts["sentences"],
    }
    busy = f", workers busy {stages['workers']:.1f}s ({stages['workers'] / ray_workers / seconds:.0%})" if ray_workers else ""
    print(
        f"{label:<30} {row['documents']:>4} docs {row['words']:>8,} words {seconds:>6.1f}s {row['words_per_s']:>7,.0f} words/s"
        f"   enrich stages {nlp:>5.1f}s, driver writes {row['store_s']:>5.1f}s{busy}",
        flush=True,
    )
    return row


def bench_ingest(args: argparse.Namespace, server, work: Path) -> None:
    import ray

    from claimtrace.nlp.pipeline import load_nlp
    from claimtrace.retrieve.embedder import static_model

    folder = work / "replicated"
    files = write_replicated_corpus(folder, args.copies, random.Random(11))
    print(f"\n== Ingest: demo corpus x{args.copies} = {files} files (one document each), {os.cpu_count()} CPUs ==")
    load_nlp(), static_model()  # the local engine in a long-lived process
    rows = [time_ingest("local -> SQLite", folder, str(work / "local.db"))]
    rows.append(time_ingest("local -> PostgreSQL", folder, server.create_database()))
    ray.init(num_cpus=args.ray_cpus, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        for workers in (1, 2):
            rows.append(time_ingest(f"ray {workers} worker(s) -> PostgreSQL", folder, server.create_database(), workers))
    finally:
        ray.shutdown()
    assert len({r["sentences"] for r in rows}) == 1, "engines disagree on the corpus"
    local_pg, ray1, ray2 = rows[1], rows[2], rows[3]
    print(
        f"scaling: ray 2 workers / 1 worker = {ray2['words_per_s'] / ray1['words_per_s']:.2f}x; "
        f"ray 2 workers / local (PostgreSQL) = {ray2['words_per_s'] / local_pg['words_per_s']:.2f}x"
    )


# -- part 2: claim check at scale, on SQLite and PostgreSQL ----------------------------------
def check_claims() -> list[str]:
    """20 claims: bench/check.py's five, then the demo answer key's first distinct ones."""
    from claimtrace.evaluate.claims import read_answer_key

    claims = list(CLAIMS)
    for keyed in read_answer_key(REPO / "examples" / "demo_corpus" / "CLAIMS.md"):
        if len(claims) == CLAIM_COUNT:
            break
        if keyed.claim not in claims:
            claims.append(keyed.claim)
    return claims


def synthetic_batches(pool, vocabulary, target: int, have: int, rng: random.Random, copy: int, state: dict):
    """Batches for ``Store.bulk_load``: documents of SENTENCES_PER_DOC sentences replicated from ``pool``, one word
    swapped per sentence, embedded with the shipped static embedder; ``state['copy']`` ends as the next copy number."""
    from claimtrace.records import content_hash
    from claimtrace.retrieve.embedder import embed_static

    while have < target:
        documents, sentences, keys, texts_all = [], [], [], []
        while have < target and len(texts_all) < 50_000:
            picked = rng.sample(pool, min(SENTENCES_PER_DOC - 1, target - have - 1) or 1)
            texts = [f"Synthetic copy {copy}."]
            for text, _, _ in picked:
                words = list(WORD.finditer(text))
                if words:
                    m = rng.choice(words)
                    text = text[: m.start()] + rng.choice(vocabulary) + text[m.end() :]
                texts.append(text)
            body = "\n".join(texts)
            digest = content_hash(body)
            doc_id = digest[:12]
            outlet, published = picked[0][1], picked[0][2]
            documents.append((doc_id, digest, f"synthetic/{copy}", "txt", f"Synthetic copy {copy}", outlet, published,
                              "stated" if published else "unknown", "day" if published else None, body, len(body.split())))
            pos = 0
            for i, t in enumerate(texts):
                sentences.append((doc_id, i, pos, pos + len(t), i, t))
                keys.append((doc_id, i))
                pos += len(t) + 1
            texts_all.extend(texts)
            have += len(texts)
            copy += 1
        vectors = [(doc_id, idx, vec.tobytes()) for (doc_id, idx), vec in zip(keys, embed_static(texts_all))]
        state["copy"] = copy
        yield documents, sentences, vectors


def grow(store, target: int, rng: random.Random, start_copy: int) -> int:
    """Bulk-load synthetic documents until the store holds ``target`` sentences; returns the next copy number."""
    from claimtrace.retrieve.embedder import STATIC_MODEL_NAME

    pool = store.sentence_pool()
    vocabulary = sorted({w for text, _, _ in pool for w in WORD.findall(text)})
    state = {"copy": start_copy}
    store.bulk_load(synthetic_batches(pool, vocabulary, target, store.counts()["sentences"], rng, start_copy, state),
                    STATIC_MODEL_NAME)
    return state["copy"]


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: of 20 values, the 19th smallest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def time_claims(bench, claims: list[str], repeat: int, modes: dict[str, tuple[object, int | None]]):
    """Each claim checked in every mode in turn (so drift in the machine's load hits both alike).

    A mode is (dense search, full-text candidate cap: None ranks every match). Returns the figures
    and each mode's verdicts, one per claim (the last repeat's).
    """
    import claimtrace.retrieve.hybrid as hybrid

    from claimtrace.retrieve.embedder import embed_static

    out = {label: {"check": [], "retrieval": [], "fts": [], "dense": [], "judge": []} for label in modes}
    verdicts: dict[str, list[str]] = {label: [] for label in modes}
    pools: dict[str, list[tuple[list[int], list[int], list[int]]]] = {label: [] for label in modes}
    for turn in range(repeat):
        for claim in claims:
            for label, (search, cap) in modes.items():
                hybrid.dense_search = search
                bench.store.candidate_cap = cap
                t0 = time.perf_counter()
                result = bench.check(claim)
                out[label]["check"].append(time.perf_counter() - t0)
                out[label]["judge"].append(result.timing.get("judge_s", 0.0))
                t0 = time.perf_counter()
                retrieved, timing = hybrid.retrieve(bench.store, claim)
                out[label]["retrieval"].append(time.perf_counter() - t0)
                out[label]["fts"].append(timing.bm25_s)
                out[label]["dense"].append(timing.vectors_s)
                if turn == repeat - 1:
                    verdicts[label].append(result.verdict.label)
                    pools[label].append(([r.hit.sentence.id for r in retrieved],
                                         [h.sentence.id for h in bench.store.search_sentences(claim, 100)],
                                         hybrid.dense_search(bench.store, embed_static([claim])[0], 100)))
    return out, verdicts, pools


def pool_overlap(a: tuple[list[int], list[int], list[int]], b: tuple[list[int], list[int], list[int]]) -> str:
    """How much two modes' candidate lists share: the judged pool, the full-text top 100, the dense top 100."""
    return ", ".join(f"{name} {len(set(x) & set(y))}/{max(len(x), len(y))}"
                     for name, x, y in zip(("pool", "full-text", "dense"), a, b))


def bench_check_backend(label: str, url: str, args: argparse.Namespace, claims: list[str]) -> None:
    import claimtrace.retrieve.hybrid as hybrid
    from claimtrace.retrieve import ann
    from claimtrace.service import Workbench
    from claimtrace.store.sql import CANDIDATE_CAP

    sizes = sorted(int(s) for s in args.sizes.split(","))
    modes = {
        # dense_top_k over the whole matrix, every full-text match ranked
        "exact": (functools.partial(ann.dense_search, min_vectors=1 << 62), None),
        # the HNSW index whatever the size, full text ranked among at most CANDIDATE_CAP candidates
        "ANN": (functools.partial(ann.dense_search, min_vectors=0), CANDIDATE_CAP),
    }
    print(f"\n== Claim check on {label}: {len(claims)} claims x {args.repeat}, warm, seconds: median / p95 "
          f"(nearest rank) ==", flush=True)
    print(f"{'sentences':>10} {'mode':>6} {'check':>15} {'retrieval':>15} {'full-text':>15} {'dense':>15} {'judge':>15}")
    rng = random.Random(7)
    with Workbench(url) as bench:
        bench.ingest([str(DEMO)])
        copy = 0
        for size in sizes:
            t0 = time.perf_counter()
            copy = grow(bench.store, size, rng, copy)
            grown_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            bench.store.optimize()  # a settled database, not one mid-way through autovacuum or segment merges
            optimize_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            bench.store.sentence_vectors()
            load_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            ann._shared_index(bench.store).sync(bench.store)
            sync_s = time.perf_counter() - t0
            for search, cap in modes.values():  # warm both paths
                hybrid.dense_search = search
                bench.store.candidate_cap = cap
                bench.check(claims[0])
            figures, verdicts, pools = time_claims(bench, claims, args.repeat, modes)
            n = bench.counts()["sentences"]
            for mode, f in figures.items():
                cells = " ".join(f"{statistics.median(f[k]):>7.3f}/{p95(f[k]):>7.3f}" for k in ("check", "retrieval", "fts", "dense", "judge"))
                print(f"{n:>10,} {mode:>6} {cells}", flush=True)
            same = sum(a == b for a, b in zip(verdicts["exact"], verdicts["ANN"]))
            differing = [f"{c[:40]!r}: {a} -> {b}" for c, a, b in zip(claims, verdicts["exact"], verdicts["ANN"]) if a != b]
            print(f"{'':>10} verdicts ANN = exact on {same} of {len(claims)} claims" + (f" (differing: {'; '.join(differing)})" if differing else ""))
            for i, claim in enumerate(claims):  # what the two modes judged: where a difference comes from
                print(f"{'':>10}   {claim[:40]!r}: shared {pool_overlap(pools['exact'][i], pools['ANN'][i])}"
                      + ("  <- verdicts differ" if verdicts["exact"][i] != verdicts["ANN"][i] else ""))
            print(f"{'':>10} one-off: grown in {grown_s:.0f}s, optimize {optimize_s:.0f}s, vector matrix loaded in "
                  f"{load_s:.1f}s, ANN index built/synced in {sync_s:.1f}s", flush=True)


def bench_check(args: argparse.Namespace, server, work: Path) -> None:
    import claimtrace.retrieve.hybrid as hybrid
    from claimtrace.retrieve import ann

    os.environ[ann.CACHE_ENV] = str(work / "ann-cache")
    claims = check_claims()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    try:
        for backend in backends:
            url = str(work / "check.db") if backend == "sqlite" else server.create_database()
            bench_check_backend("SQLite" if backend == "sqlite" else "PostgreSQL", url, args, claims)
    finally:
        hybrid.dense_search = ann.dense_search


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20, help="replicas of the demo corpus for the ingest figures")
    parser.add_argument("--sizes", default="100000,1000000", help="sentence counts for the claim-check figures")
    parser.add_argument("--repeat", type=int, default=1, help="times each claim is asked per size and mode")
    parser.add_argument("--ray-cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    parser.add_argument("--backends", default="sqlite,postgres", help="stores for the claim-check figures")
    parser.add_argument("--pg-url", help="a PostgreSQL server whose user may create databases (default: a throwaway one)")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO / "tests"))
    if args.pg_url:
        os.environ["CLAIMTRACE_TEST_PG_URL"] = args.pg_url
    from pg_server import PostgresServer

    server = PostgresServer.start()
    work = Path(tempfile.mkdtemp(prefix="claimtrace-scale-"))
    try:
        if not args.skip_ingest:
            bench_ingest(args, server, work)
        if not args.skip_check:
            bench_check(args, server, work)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
