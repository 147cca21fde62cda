"""Precision and recall of (speaker, content) pairs against hand-annotated articles.

The gold format is one ``NN_name.txt`` article plus ``NN_name.json``: a list of
``{"speaker", "speaker_type", "content", "kind"}`` where ``content`` is a
substring of the article. A prediction matches a gold attribution when the
speakers agree and the content spans overlap by at least half of the shorter
span. Precision is counted per predicted kind, recall per gold kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimtrace.quotes.model import Quote
from claimtrace.quotes.speakers import normalise_name

MIN_OVERLAP = 0.5
_STOP = frozenset({"the", "a", "an", "of", "for", "in", "at", "on", "with", "s"})


@dataclass
class GoldAttribution:
    speaker: str
    speaker_type: str
    content: str
    kind: str
    start: int = 0
    end: int = 0


@dataclass
class GoldArticle:
    name: str
    text: str
    attributions: list[GoldAttribution]


@dataclass
class Counts:
    """Matched / total on each side, for one slice (a kind, or everything)."""

    predicted: int = 0
    predicted_correct: int = 0
    gold: int = 0
    gold_found: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class GoldReport:
    by_kind: dict[str, Counts] = field(default_factory=dict)
    type_correct: int = 0
    type_total: int = 0
    errors: list[str] = field(default_factory=list)

    def slice(self, name: str) -> Counts:
        return self.by_kind.setdefault(name, Counts())


def load_gold(directory: Path) -> list[GoldArticle]:
    """Articles and their attributions; content substrings located in the text."""
    articles: list[GoldArticle] = []
    for json_path in sorted(directory.glob("*.json")):
        text = json_path.with_suffix(".txt").read_text(encoding="utf-8")
        attributions = []
        for item in json.loads(json_path.read_text(encoding="utf-8")):
            start = text.find(item["content"])
            if start < 0:
                raise ValueError(f"{json_path.name}: content not in article: {item['content']!r}")
            attributions.append(
                GoldAttribution(item["speaker"], item["speaker_type"], item["content"], item["kind"], start, start + len(item["content"]))
            )
        articles.append(GoldArticle(json_path.stem, text, attributions))
    return articles


def _words(name: str) -> set[str]:
    return {w for w in normalise_name(name).replace("-", " ").split() if w not in _STOP}


def speaker_matches(gold: GoldAttribution, quote: Quote) -> bool:
    """People must match by full name; groups and anonymous sources by description words."""
    predicted = quote.speaker
    if normalise_name(gold.speaker) == normalise_name(predicted.canonical):
        return True
    if gold.speaker_type == "person" or predicted.type == "person":
        return False
    gold_words, predicted_words = _words(gold.speaker), _words(predicted.canonical)
    if not gold_words or not predicted_words:
        return False
    if gold_words <= predicted_words or predicted_words <= gold_words:
        return True
    return gold.speaker_type == "anonymous" and predicted.type == "anonymous" and bool(gold_words & predicted_words)


def content_matches(gold: GoldAttribution, quote: Quote) -> bool:
    overlap = min(gold.end, quote.content_end) - max(gold.start, quote.content_start)
    shorter = min(gold.end - gold.start, quote.content_end - quote.content_start)
    return shorter > 0 and overlap >= MIN_OVERLAP * shorter


def score_article(article: GoldArticle, quotes: list[Quote], report: GoldReport) -> None:
    """Add one article's matches to the report (a prediction may match any gold item)."""
    for quote in quotes:
        hit = next((g for g in article.attributions if content_matches(g, quote) and speaker_matches(g, quote)), None)
        for name in (quote.kind, "all", "indirect+mixed" if quote.kind != "direct" else "direct+"):
            counts = report.slice(name)
            counts.predicted += 1
            counts.predicted_correct += hit is not None
        if hit is None:
            report.errors.append(f"{article.name}: FP [{quote.kind}] {quote.speaker.canonical!r}: {quote.text[:90]!r}")
    for gold in article.attributions:
        found = [q for q in quotes if content_matches(gold, q) and speaker_matches(gold, q)]
        for name in (gold.kind, "all", "indirect+mixed" if gold.kind != "direct" else "direct+"):
            counts = report.slice(name)
            counts.gold += 1
            counts.gold_found += bool(found)
        if found:
            report.type_total += 1
            report.type_correct += found[0].speaker.type == gold.speaker_type
            if found[0].speaker.type != gold.speaker_type:
                report.errors.append(f"{article.name}: TYPE {gold.speaker!r} is {gold.speaker_type}, predicted {found[0].speaker.type}")
        else:
            near = [q.speaker.canonical for q in quotes if content_matches(gold, q)]
            report.errors.append(f"{article.name}: FN [{gold.kind}] {gold.speaker!r}: {gold.content[:90]!r} (content found with {near})")


def score_gold(articles: Iterable[GoldArticle], extract: Callable[[str], list[Quote]]) -> GoldReport:
    report = GoldReport()
    for article in articles:
        score_article(article, extract(article.text), report)
    return report


def format_report(report: GoldReport) -> str:
    lines = [f"{'slice':16s} {'P':>6s} {'R':>6s} {'F1':>6s}  pred  gold"]
    for name in ("direct", "indirect", "mixed", "indirect+mixed", "all"):
        c = report.slice(name)
        lines.append(f"{name:16s} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.predicted:5d} {c.gold:5d}")
    if report.type_total:
        lines.append(f"speaker type accuracy on matched pairs: {report.type_correct}/{report.type_total}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m claimtrace.quotes.scoring [DIR] [--errors]``: score the extractor on a gold directory."""
    import argparse

    from claimtrace.nlp.pipeline import load_nlp
    from claimtrace.quotes.attribution import extract_quotes

    parser = argparse.ArgumentParser(prog="python -m claimtrace.quotes.scoring", description=main.__doc__)
    parser.add_argument("directory", type=Path, nargs="?", default=Path("tests/fixtures/quotes_gold"))
    parser.add_argument("--errors", action="store_true", help="list misses, false alarms and speaker-type errors")
    args = parser.parse_args(argv)
    articles = load_gold(args.directory)
    nlp = load_nlp()
    report = score_gold(articles, lambda text: extract_quotes(nlp(text)))
    print(f"{args.directory}: {len(articles)} articles, {sum(len(a.attributions) for a in articles)} attributions")
    print(format_report(report))
    if args.errors:
        print("\n".join(report.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
