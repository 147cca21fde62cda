"""Throughput of the quotes stage on top of a parse it is given (words per second).

Usage: python bench/quotes.py [DIR ...] [--limit N] [--repeat R]

Parses the articles once with the shared spaCy pipeline (timed separately, for
comparison), then times ``extract_quotes`` alone over the parsed documents.
Defaults to the PolNeAR dev texts and the seed articles when they are present.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from claimtrace.clean.repair import repair_text
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import SpeakerRegistry, extract_quotes

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_DIRS = [SHARED / "data/polnear/dev/text", SHARED / "seeds"]


def read_texts(dirs: list[Path], limit: int | None) -> list[str]:
    texts: list[str] = []
    for directory in dirs:
        for path in sorted(directory.glob("*.txt")):
            texts.append(repair_text(path.read_text(encoding="utf-8", errors="replace"))[0])
            if limit and len(texts) >= limit:
                return texts
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the parsed documents (best is reported)")
    args = parser.parse_args()
    dirs = [d for d in (args.dirs or DEFAULT_DIRS) if d.is_dir()]
    texts = read_texts(dirs, args.limit)
    if not texts:
        raise SystemExit("no .txt files found")
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - start
    best = float("inf")
    quotes = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        registry = SpeakerRegistry()
        quotes = 0
        for doc in docs:
            found = extract_quotes(doc)
            registry.assign(found)
            quotes += len(found)
        best = min(best, time.perf_counter() - start)
    print(f"documents: {len(docs)}  words: {words}  quotes: {quotes}")
    print(f"spaCy parse:   {parse_seconds:7.2f} s  {words / parse_seconds:10,.0f} words/s")
    print(f"quotes stage:  {best:7.2f} s  {words / best:10,.0f} words/s  (extract_quotes + SpeakerRegistry.resolve, best of {args.repeat})")
    print(f"stage cost relative to the parse: {best / parse_seconds:.1%}")


if __name__ == "__main__":
    main()
