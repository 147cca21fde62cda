"""Upper bound of the linking and speaker steps: gold PolNeAR spans in, scored quotes out.

    python train/attribution/oracle_link.py ../shared/data/polnear/dev [--limit N] [--errors N]

Feeds the annotated SOURCE / CUE / CONTENT spans (as the converter places them)
to ``extractor.model_quotes`` instead of the model's, so whatever is lost here
is lost by ``link``, the speaker resolver or the kind/trim rules, not the tagger.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spacy.tokens import Span

from claimtrace.evaluate.polnear import Prediction, load_articles, score
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import extractor
from claimtrace.quotes.speakers import DocumentSpeakers

LABELS = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def gold_spans(doc, article) -> list[Span]:  # type: ignore[no-untyped-def]
    taken = [False] * len(doc)
    out = []
    for gold in article.attributions:
        for role, label in LABELS.items():
            for start, end in getattr(gold, role):
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is None:
                    continue
                s, e = span.start, span.end
                while s < e and doc[s].is_space:
                    s += 1
                while e > s and doc[e - 1].is_space:
                    e -= 1
                if e <= s or any(taken[s:e]):
                    continue
                taken[s:e] = [True] * (e - s)
                out.append(Span(doc, s, e, label=label))
    return sorted(out, key=lambda sp: sp.start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    articles = load_articles(args.directory, args.limit)
    nlp = load_nlp()
    predictions = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        quotes = extractor.model_quotes(doc, DocumentSpeakers(doc, "oracle"), spans=gold_spans(doc, article))
        predictions.append([Prediction((q.content_start, q.content_end), (q.speaker.start, q.speaker.end)) for q in quotes])
    errors: list[str] = []
    for strict in (False, True):
        tallies = score(articles, predictions, errors if args.errors and not strict else None, strict=strict)
        for name in ("direct", "indirect", "all"):
            t = tallies[name]
            print(f"{'strict' if strict else 'lenient':8s} {name:9s} P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f} ({t.predicted} pred, {t.gold} gold)")
    for line in errors[: args.errors]:
        print(line)


if __name__ == "__main__":
    main()
