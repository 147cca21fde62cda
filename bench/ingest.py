"""Ingest throughput against bare spaCy on the same text, and memory as the corpus grows.

    python bench/ingest.py [--seeds ../shared/seeds] [--words 200000] [--workers 1]

Each seed is copied until the corpus holds --words words; every copy gets a
distinct first line so dedup does not skip it. Both runs use the same model
and the same process count, with the models loaded before the clock starts:
for ingest that means one throwaway document ingested first, so language
detection, date parsing, the attribution tagger and the embedder are loaded
(a one-off cost printed apart; about 2 s, which a long ingest pays once).
``--repeat N`` runs both N times, alternately, and prints the median ratio:
on a shared 2-core machine one pair of runs can swing by 10 % or more.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def build_corpus(seeds: Path, words: int, folder: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds.glob("*")) if p.is_file()]
    if not texts:
        sys.exit(f"no seed files in {seeds}")
    out: list[str] = []
    total = 0
    copy = 0
    while total < words:
        for i, text in enumerate(texts):
            body = f"Copy {copy} of seed {i}\n\n{text}"
            (folder / f"copy{copy:04d}_{i}.txt").write_text(body, encoding="utf-8")
            out.append(body)
            total += len(body.split())
        copy += 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "seeds"))
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--stages", default=None, help="comma-separated enrichment stages (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs (bare, ingest); the median ratio is printed")
    args = parser.parse_args()

    import spacy

    from claimtrace.nlp.pipeline import MODEL_PACKAGE, load_nlp
    from claimtrace.pipeline import IngestOptions
    from claimtrace.service import Workbench

    work = Path(tempfile.mkdtemp(prefix="claimtrace-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        texts = build_corpus(Path(args.seeds), args.words, corpus)
        n_words = sum(len(t.split()) for t in texts)
        print(f"corpus: {len(texts)} documents, {n_words:,} words, workers={args.workers}")

        bare = spacy.load(MODEL_PACKAGE)
        load_nlp()  # warm, as the bare run is
        stages = tuple(s for s in args.stages.split(",") if s) if args.stages is not None else None
        options = IngestOptions(n_process=args.workers, stages=stages)
        warm_up = work / "warm-up"
        warm_up.mkdir()
        (warm_up / "warm-up.txt").write_text("Warm-up document\n\n" + texts[0], encoding="utf-8")
        start = time.perf_counter()
        with Workbench(work / "warm-up.db") as bench:
            bench.ingest([str(warm_up)], options)
        warm_s = time.perf_counter() - start

        ratios: list[float] = []
        for run in range(max(1, args.repeat)):
            start = time.perf_counter()
            for _doc in bare.pipe(iter(texts), batch_size=16, n_process=args.workers):
                pass
            bare_s = time.perf_counter() - start

            samples: list[tuple[int, float]] = []
            done = [0]

            def on_progress(source: str, status: str, detail: str) -> None:
                done[0] += 1
                if done[0] % max(1, len(texts) // 8) == 0:
                    samples.append((done[0], rss_mib()))

            with Workbench(work / f"bench{run}.db") as bench:
                start = time.perf_counter()
                report = bench.ingest([str(corpus)], options, on_progress)
                ingest_s = time.perf_counter() - start
            assert len(report.ingested) == len(texts), (len(report.ingested), len(texts))

            bare_rate = n_words / bare_s
            ingest_rate = n_words / ingest_s
            ratios.append(ingest_rate / bare_rate)
            print(f"run {run + 1}")
            print(f"bare spaCy nlp.pipe : {bare_rate:8,.0f} words/s ({bare_s:.1f} s)")
            print(f"claimtrace ingest   : {ingest_rate:8,.0f} words/s ({ingest_s:.1f} s, stages: {args.stages or 'all'})")
            print(f"ratio ingest/bare   : {ingest_rate / bare_rate:.2f}")
            for name, seconds in report.stage_seconds.items():
                print(f"  stage {name:<8}: {seconds:6.2f} s ({n_words / seconds if seconds else float('inf'):10,.0f} words/s alone)")
        print(f"one-off model loading before the clock (one document ingested): {warm_s:.1f} s")
        if len(ratios) > 1:
            print(f"median ratio ingest/bare over {len(ratios)} pairs: {statistics.median(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)})")
        print("RSS during ingest (documents done: MiB): " + ", ".join(f"{n}: {m:.0f}" for n, m in samples))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
