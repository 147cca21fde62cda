"""HNSW (USearch) against exact dense search on synthetic sentence vectors.

    python bench/ann.py [--sizes 100000,1000000] [--queries 50] [--seed 7] [--fnc1 ../shared/data/fnc1]

For each size: time to build the index through ``VectorIndex.sync`` (the code
path ingest uses; the store is stood in for by an in-memory matrix so the
figure is the index alone), median query latency of ANN and of exact search
(``dense_top_k``) over the queries, and recall@10 of ANN against exact for two
kinds of query: near-duplicates of stored vectors (a claim restated from an
article) and fresh vectors from the same clusters (a claim no sentence
matches closely, the hard case). Vectors are 256-d unit vectors around random
cluster centres, stored as float16 like the real ones. 1M vectors need about
0.5 GB for the matrix plus ~1 GB for the index and float32 copies.

``--fnc1 FOLDER`` adds a run on real text: the sentences of the FNC-1 article
bodies embedded with claimtrace's static model, queried with FNC-1 headlines
(real claims), read at run time from the shared data folder.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimtrace.retrieve.ann import VectorIndex
from claimtrace.retrieve.hybrid import dense_top_k

DIM = 256
K = 10


@dataclass
class MatrixStore:
    """The two things VectorIndex reads from a store: where it lives and its vectors."""

    path: Path
    ids: list[int]
    matrix: np.ndarray

    def sentence_vectors(self) -> tuple[list[int], np.ndarray]:
        return self.ids, self.matrix


def clustered_vectors(rng: np.random.Generator, n: int, centres: np.ndarray) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float16)
    for start in range(0, n, 100_000):  # in chunks: float32 scratch for 1M rows would be another 1 GB
        m = min(100_000, n - start)
        block = centres[rng.integers(0, len(centres), m)] + 0.8 * rng.standard_normal((m, DIM)).astype(np.float32)
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def recall(index: VectorIndex, ids: list[int], matrix: np.ndarray, queries: np.ndarray) -> tuple[float, float, float]:
    """(recall@10, median ANN ms, median exact ms) over the queries."""
    hits, ann_ms, exact_ms = [], [], []
    for query in queries:
        t0 = time.perf_counter()
        approximate = index.search(query, K)
        ann_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        exact = dense_top_k(query, ids, matrix, K)
        exact_ms.append((time.perf_counter() - t0) * 1000)
        hits.append(len(set(approximate) & set(exact)) / K)
    return statistics.mean(hits), statistics.median(ann_ms), statistics.median(exact_ms)


def run_size(n: int, n_queries: int, seed: int, folder: Path) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(100, n // 100), DIM)).astype(np.float32)
    matrix = clustered_vectors(rng, n, centres)
    store = MatrixStore(folder / f"synthetic-{n}.db", list(range(1, n + 1)), matrix)
    index = VectorIndex.for_store(store)
    t0 = time.perf_counter()
    added = index.sync(store)
    build_s = time.perf_counter() - t0
    file_mb = index.path.stat().st_size / 2**20
    t0 = time.perf_counter()
    VectorIndex.for_store(store).sync(store)
    reload_s = time.perf_counter() - t0

    rows = rng.choice(n, size=n_queries, replace=False)
    near = matrix[rows].astype(np.float32) + 0.02 * rng.standard_normal((n_queries, DIM)).astype(np.float32)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    fresh = clustered_vectors(rng, n_queries, centres).astype(np.float32)
    for label, queries in (("near-duplicate", near), ("fresh", fresh)):
        r, ann_ms, exact_ms = recall(index, store.ids, matrix, queries)
        print(
            f"{n:>9,} vectors | build {build_s:7.1f} s ({added:,} added, {file_mb:,.0f} MB file, reload+check {reload_s:.1f} s) | "
            f"{label:>14} queries: ANN {ann_ms:6.2f} ms, exact {exact_ms:7.2f} ms (median of {n_queries}) | recall@10 {r:.3f}",
            flush=True,
        )


def fnc1_vectors(folder: Path, n_queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(body sentence vectors, headline vectors) from the FNC-1 csv files."""
    from claimtrace.retrieve.embedder import embed_static

    csv.field_size_limit(10**8)
    with open(folder / "train_bodies.csv", encoding="utf-8", newline="") as f:
        bodies = [row["articleBody"] for row in csv.DictReader(f)]
    sentences = list(dict.fromkeys(s.strip() for body in bodies for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) >= 4))
    with open(folder / "train_stances.csv", encoding="utf-8", newline="") as f:
        headlines = sorted({row["Headline"] for row in csv.DictReader(f)})
    picked = np.random.default_rng(seed).choice(len(headlines), size=n_queries, replace=False)
    return embed_static(sentences), embed_static([headlines[i] for i in picked]).astype(np.float32)


def run_fnc1(folder: Path, n_queries: int, seed: int, work: Path) -> None:
    matrix, queries = fnc1_vectors(folder, n_queries, seed)
    store = MatrixStore(work / "fnc1.db", list(range(1, len(matrix) + 1)), matrix)
    index = VectorIndex.for_store(store)
    t0 = time.perf_counter()
    index.sync(store)
    build_s = time.perf_counter() - t0
    r, ann_ms, exact_ms = recall(index, store.ids, matrix, queries)
    print(
        f"FNC-1 {len(matrix):,} real body sentences | build {build_s:.1f} s | headline queries: ANN {ann_ms:.2f} ms, "
        f"exact {exact_ms:.2f} ms (median of {n_queries}) | recall@10 {r:.3f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000", help="comma-separated corpus sizes; add 1000000 for the large run")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fnc1", type=Path, help="FNC-1 folder (train_bodies.csv, train_stances.csv) for a real-text run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimtrace-annbench-") as folder:
        if args.fnc1:
            run_fnc1(args.fnc1, args.queries, args.seed, Path(folder))
        for n in sorted(int(s) for s in args.sizes.split(",") if s):
            run_size(n, args.queries, args.seed, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
