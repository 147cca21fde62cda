"""Throughput of the time stage next to the spaCy parse it reuses.

    python bench/time.py [--seeds DIR] [--words N]

Repeats the seed articles until about N words (default 50,000), parses them
once with spaCy (timed: the bare-spaCy baseline), then runs the time stage on
every parsed document: publication estimate (run on every document, the worst
case: ingest only needs it when no date is stated), find_time_expressions and
a date_statement for every sentence.  Prints words/s for spaCy alone, for the
time stage alone, and the ratio spaCy / (spaCy + time stage), which is what
the time stage leaves of ingest throughput.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from claimtrace.nlp.pipeline import load_nlp, sentences_from_doc
from claimtrace.time.expressions import find_time_expressions
from claimtrace.time.resolve import date_statement, estimate_publication_date

DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--words", type=int, default=50_000)
    args = parser.parse_args(argv)
    articles = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not articles:
        print(f"no seed articles under {args.seeds}", file=sys.stderr)
        return 2
    texts: list[str] = []
    words = 0
    while words < args.words:
        for article in articles:
            # A distinct suffix per copy keeps any per-text cache from flattering the figure.
            text = f"{article}\n\nCopy {len(texts)}."
            texts.append(text)
            words += len(text.split())
    nlp = load_nlp()
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    spacy_seconds = time.perf_counter() - started

    # Sentences come from the NLP stage in ingest, so they are not the time stage's cost.
    sentences = [sentences_from_doc(doc) for doc in docs]

    started = time.perf_counter()
    expressions = 0
    dated = 0
    for text, doc, doc_sentences in zip(texts, docs, sentences):
        publication = estimate_publication_date(text)
        found = find_time_expressions(text, publication, doc)
        expressions += len(found)
        for sentence in doc_sentences:
            when = date_statement(text, (sentence.start, sentence.end), found, publication, doc)
            dated += when.basis == "stated in text"
    time_seconds = time.perf_counter() - started

    print(f"{len(texts)} documents, {words} words, {expressions} expressions, {dated} sentences dated from the text")
    print(f"spaCy parse      {spacy_seconds:7.2f} s  {words / spacy_seconds:9.0f} words/s")
    print(f"time stage       {time_seconds:7.2f} s  {words / time_seconds:9.0f} words/s")
    ratio = spacy_seconds / (spacy_seconds + time_seconds)
    print(f"spaCy + time     {spacy_seconds + time_seconds:7.2f} s  {words / (spacy_seconds + time_seconds):9.0f} words/s"
          f"  ({ratio:.3f} of bare spaCy throughput)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
