"""Claim-check latency against corpus size, with retrieval-only time beside it.

    python bench/check.py [--sizes 1000,10000,100000] [--corpus examples/demo_corpus/articles]

The corpus is the demo corpus, ingested for real, then grown to each size by
replicating its sentences with perturbations (shuffled sentence order within
a copy, one word swapped per sentence) so that every copy is a distinct
document. Timings are warm: each size first answers one claim untimed (model
and vector-cache load), then the claims below; the median and max are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

CLAIMS = [
    "Valdoria and Kestrania signed a secret mutual defence pact",
    "Kestrania denied that any secret pact exists",
    "The Valdorian Assembly ratified the defence treaty",
    "Ostrian aircraft entered Kestranian airspace",
    "The joint exercise involved 3,200 troops",
]
SENTENCES_PER_DOC = 40


def grow(store, target: int, rng: random.Random) -> None:
    """Add synthetic documents until the store holds ``target`` sentences."""
    from claimtrace.records import AnnotatedDocument, Document, PublicationDate, Sentence
    from claimtrace.retrieve.embedder import embed_static

    pool = store.sentence_pool()
    vocabulary = sorted({w for text, _, _ in pool for w in text.split() if w.isalpha() and len(w) > 3})
    copy = 0
    have = store.counts()["sentences"]
    while have < target:
        picked = rng.sample(pool, min(SENTENCES_PER_DOC, len(pool), target - have))
        texts = []
        for text, _, _ in picked:
            words = text.split()
            i = rng.randrange(len(words))
            words[i] = rng.choice(vocabulary)
            texts.append(" ".join(words))
        texts.insert(0, f"Synthetic copy {copy}.")
        body = "\n".join(texts)
        offsets, pos = [], 0
        for i, t in enumerate(texts):
            offsets.append(Sentence(i, pos, pos + len(t), t, i))
            pos += len(t) + 1
        outlet, published = picked[0][1], picked[0][2]
        doc = Document(source=f"synthetic/{copy}", format="txt", text=body, title=f"Synthetic copy {copy}", outlet=outlet,
                       published=PublicationDate(published, "stated" if published else "unknown", "day" if published else None))
        store.add_document(AnnotatedDocument(doc, offsets, embeddings=embed_static(texts)))
        have += len(texts)
        copy += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "examples/demo_corpus/articles"))
    parser.add_argument("--repeat", type=int, default=1, help="times each claim is asked per size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from claimtrace.retrieve.hybrid import retrieve
    from claimtrace.service import Workbench

    work = Path(tempfile.mkdtemp(prefix="claimtrace-checkbench-"))
    rng = random.Random(7)
    try:
        with Workbench(work / "bench.db") as bench:
            bench.ingest([args.corpus])
            print(f"{'sentences':>10} {'check median':>13} {'check max':>10} {'retrieval median':>17} {'judge median':>13}"
                  f" {'provenance median':>18} {'pairs judged':>13}")
            for size in sizes:
                start = time.perf_counter()
                grow(bench.store, size, rng)
                grown_s = time.perf_counter() - start
                bench.check(CLAIMS[0])  # warm: models and the vector cache
                checks, retrievals, judges, provenance, pairs = [], [], [], [], []
                for _ in range(args.repeat):
                    for claim in CLAIMS:
                        t0 = time.perf_counter()
                        result = bench.check(claim)
                        checks.append(time.perf_counter() - t0)
                        judges.append(result.timing["judge_s"])
                        provenance.append(result.timing["provenance_s"])
                        pairs.append(len(result.evidence))
                        t0 = time.perf_counter()
                        retrieve(bench.store, claim)
                        retrievals.append(time.perf_counter() - t0)
                n = bench.counts()["sentences"]
                print(
                    f"{n:>10,} {statistics.median(checks):>12.3f}s {max(checks):>9.3f}s "
                    f"{statistics.median(retrievals):>16.3f}s {statistics.median(judges):>12.3f}s"
                    f" {statistics.median(provenance):>17.3f}s {statistics.median(pairs):>13.0f}"
                    f"   (model {1000 * sum(judges) / max(1, sum(pairs)):.1f} ms/pair)"
                    f"   (corpus grown in {grown_s:.0f}s)",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
