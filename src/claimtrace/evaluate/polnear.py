"""Quote attribution on a PolNeAR-layout directory: ``text/NAME.txt`` + ``attributions/NAME_ANNOTATOR.ann``.

Usage: ``python -m claimtrace.evaluate polnear DIR [--modes model+rules,rules,...] [--no-baseline] [--limit N] [--errors N]``

A predicted statement matches a gold attribution (lenient score) when its
content overlaps the gold content and its speaker mention overlaps the gold
Source span (so 'he' must point at the annotated 'he', not only resolve to the
right person). The strict score asks for the exact Source span (spaces and
a trailing possessive 's aside) and content whose first and last characters
are each within 2 tokens of the gold content's (tokens being words and
punctuation marks, so quotation marks count). ``--modes`` scores each policy
of ``claimtrace.quotes.extractor`` (the trained model, the rules, or one
filling in for the other) on the same parses.
Gold attributions without a source are left out of recall, and predictions
that only match them are left out of precision. Both sides are sliced into
direct / indirect the same way: content at least half inside quotation marks
(as paired by ``claimtrace.quotes.marks``) is direct. Where several annotators
annotated one article, the first annotation file in name order is used.
The baseline is textacy's ``extract.triples.direct_quotations`` on the same
spaCy parses; it refuses documents with an odd number of quote marks, which
count as documents where it found nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimtrace.quotes.marks import find_quote_spans
from claimtrace.quotes.scoring import Counts

_WORD = re.compile(r"\w+")
_ANN_LINE = re.compile(r"[TE]\d+\t")
_TOKEN = re.compile(r"\w+|[^\w\s]")
STRICT_TOKENS = 2
_POLICY_ENV = "CLAIMTRACE_ATTRIBUTION"
Segments = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    content: Segments
    source: Segments
    cue: Segments


@dataclass
class Prediction:
    content: tuple[int, int]
    source: tuple[int, int] | None


@dataclass
class Article:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _segments(spec: str) -> Segments:
    return [(int(a), int(b)) for a, b in (part.split() for part in spec.split(";"))]


def read_ann(text: str) -> list[GoldAttribution]:
    """Attribution events from brat standoff: each links Content, Cue and (maybe) Source spans."""
    spans: dict[str, tuple[str, Segments]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        if not _ANN_LINE.match(line):
            continue  # the rest of a span text that holds a line break
        if line.startswith("T"):
            tid, middle, *_ = line.split("\t")
            label, spec = middle.split(" ", 1)
            spans[tid] = (label, _segments(spec))
        elif line.startswith("E"):
            roles = dict(part.split(":", 1) for part in line.split("\t")[1].split())
            events.append(roles)
    out: list[GoldAttribution] = []
    for roles in events:
        def segs(role: str) -> Segments:
            return spans[roles[role]][1] if role in roles and roles[role] in spans else []

        if not segs("Content"):
            continue
        out.append(GoldAttribution(segs("Content"), segs("Source"), segs("Cue")))
    return out


def load_articles(directory: Path, limit: int | None = None) -> list[Article]:
    """One article per text file, with the first annotator's attributions."""
    annotations: dict[str, Path] = {}
    for ann in sorted((directory / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    articles: list[Article] = []
    for text_path in sorted((directory / "text").glob("*.txt")):
        ann = annotations.get(text_path.stem)
        if ann is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append(Article(text_path.stem, text, read_ann(ann.read_text(encoding="utf-8"))))
        if limit and len(articles) >= limit:
            break
    return articles


def _overlaps(a: tuple[int, int], segments: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in segments)


class _QuotedChars:
    """Which word characters of a text lie inside quotation marks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [(s.start, s.end) for s in find_quote_spans(text) if not s.single]

    def direct(self, segments: Segments) -> bool:
        total = inside = 0
        for start, end in segments:
            for m in _WORD.finditer(self.text, start, end):
                n = m.end() - m.start()
                total += n
                if any(s <= m.start() < e for s, e in self.spans):
                    inside += n
        return total > 0 and inside / total >= 0.5


def _bounds(segments: Segments) -> tuple[int, int]:
    return min(s for s, _ in segments), max(e for _, e in segments)


def _near(text: str, a: int, b: int) -> bool:
    """At most STRICT_TOKENS words or marks between two character offsets."""
    lo, hi = min(a, b), max(a, b)
    return len(_TOKEN.findall(text, lo, hi)) <= STRICT_TOKENS


def _clean_source(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[’']s?$", "", text[start:end].strip())).strip()


def _matches(text: str, prediction: Prediction, gold: GoldAttribution, strict: bool) -> bool:
    if prediction.source is None or not _overlaps(prediction.content, gold.content) or not _overlaps(prediction.source, gold.source):
        return False
    if not strict:
        return True
    gold_source = _bounds(gold.source)
    if _clean_source(text, *prediction.source) != _clean_source(text, *gold_source):
        return False
    start, end = _bounds(gold.content)
    return _near(text, prediction.content[0], start) and _near(text, prediction.content[1], end)


def score(
    articles: list[Article], predictions: list[list[Prediction]], errors: list[str] | None = None, strict: bool = False
) -> dict[str, Counts]:
    """Tallies for direct / indirect / all over every article (``strict``: exact source, content within 2 tokens)."""
    tallies = {name: Counts() for name in ("direct", "indirect", "all")}
    for article, predicted in zip(articles, predictions):
        quoted = _QuotedChars(article.text)
        sourced = [g for g in article.attributions if g.source]
        unsourced = [g for g in article.attributions if not g.source]
        gold_kind = ["direct" if quoted.direct(g.content) else "indirect" for g in sourced]
        for prediction in predicted:
            hit = any(_matches(article.text, prediction, g, strict) for g in sourced)
            if not hit and any(_overlaps(prediction.content, g.content) for g in unsourced):
                continue  # only an attribution without a source is there: not scored
            kind = "direct" if quoted.direct([prediction.content]) else "indirect"
            for name in (kind, "all"):
                tallies[name].predicted += 1
                tallies[name].predicted_correct += hit
            if not hit and errors is not None:
                errors.append(f"FP {article.name}: {_show(article.text, prediction)}")
        for gold, kind in zip(sourced, gold_kind):
            found = any(_matches(article.text, p, gold, strict) for p in predicted)
            for name in (kind, "all"):
                tallies[name].gold += 1
                tallies[name].gold_found += found
            if not found and errors is not None:
                source = " ".join(article.text[s:e] for s, e in gold.source)
                cue = " ".join(article.text[s:e] for s, e in gold.cue)
                content = " ".join(article.text[s:e] for s, e in gold.content)
                errors.append(f"FN {article.name}: [{source}] [{cue}] {content[:110]!r}")
    return tallies


def _show(text: str, prediction: Prediction) -> str:
    source = text[prediction.source[0] : prediction.source[1]] if prediction.source else "-"
    return f"[{source}] {text[prediction.content[0] : prediction.content[1]][:110]!r}"


def claimtrace_predictions(docs: list, mode: str | None = None) -> list[list[Prediction]]:  # type: ignore[type-arg]
    """The quotes stage's statements; ``mode`` picks the extractor policy (default: the stage's own)."""
    from claimtrace.quotes import extract_quotes

    saved = os.environ.get(_POLICY_ENV)
    if mode is not None:
        os.environ[_POLICY_ENV] = mode
    try:
        out = []
        for doc in docs:
            quotes = extract_quotes(doc)
            out.append([Prediction((q.content_start, q.content_end), (q.speaker.start, q.speaker.end)) for q in quotes])
    finally:
        if saved is None:
            os.environ.pop(_POLICY_ENV, None)
        else:
            os.environ[_POLICY_ENV] = saved
    return out


def textacy_predictions(docs: list) -> tuple[list[list[Prediction]], int]:  # type: ignore[type-arg]
    """textacy's direct quotations; the count of documents it refused (odd quote marks)."""
    from textacy.extract.triples import direct_quotations

    out: list[list[Prediction]] = []
    refused = 0
    for doc in docs:
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            refused += 1
            triples = []
        predictions = []
        for triple in triples:
            speaker = sorted(triple.speaker, key=lambda t: t.i)
            source = (speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)) if speaker else None
            predictions.append(Prediction((triple.content.start_char, triple.content.end_char), source))
        out.append(predictions)
    return out, refused


def _print_table(rows: list[tuple[str, dict[str, Counts]]]) -> None:
    print(f"{'system':32s} {'slice':9s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pred':>6s} {'gold':>6s}")
    for system, tallies in rows:
        for name in ("direct", "indirect", "all"):
            t = tallies[name]
            p, r, f = t.precision, t.recall, t.f1
            print(f"{system:32s} {name:9s} {p:6.3f} {r:6.3f} {f:6.3f} {t.predicted:6d} {t.gold:6d}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate polnear", description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="a PolNeAR-layout directory (text/ + attributions/)")
    parser.add_argument("--modes", default=None, help="comma-separated extractor policies to score (model+rules, model, rules, rules+model); default: the stage's own")
    parser.add_argument("--no-baseline", action="store_true", help="skip the textacy baseline")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms")
    args = parser.parse_args(argv)
    if not (args.directory / "text").is_dir() or not (args.directory / "attributions").is_dir():
        print(f"error: {args.directory} has no text/ and attributions/ folders", file=sys.stderr)
        return 2
    articles = load_articles(args.directory, args.limit)
    if not articles:
        print(f"error: no annotated articles under {args.directory}", file=sys.stderr)
        return 2
    from claimtrace.nlp.pipeline import load_nlp

    nlp = load_nlp()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    errors: list[str] = []
    modes = [m.strip() for m in args.modes.split(",") if m.strip()] if args.modes else [None]
    n_sourced = sum(1 for a in articles for g in a.attributions if g.source)
    n_unsourced = sum(1 for a in articles for g in a.attributions if not g.source)
    print(f"{args.directory}: {len(articles)} articles, {n_sourced} attributions with a source ({n_unsourced} without, not scored)")
    rows = []
    for mode in modes:
        predicted = claimtrace_predictions(docs, mode)
        name = f"claimtrace {mode}" if mode else "claimtrace"
        rows.append((name, score(articles, predicted, errors if args.errors and mode == modes[0] else None)))
        rows.append((f"{name} strict", score(articles, predicted, strict=True)))
    if not args.no_baseline:
        try:
            import textacy

            baseline, refused = textacy_predictions(docs)
            rows.append((f"textacy {textacy.__version__}", score(articles, baseline)))
            rows.append((f"textacy {textacy.__version__} strict", score(articles, baseline, strict=True)))
            print(f"textacy refused {refused} of {len(docs)} articles (odd number of quote marks)")
        except ImportError:
            print("textacy is not installed: baseline skipped")
    _print_table(rows)
    for line in errors[: args.errors]:
        print(line)
    return 0
