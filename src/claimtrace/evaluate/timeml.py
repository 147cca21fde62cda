"""Normalised TIMEX3 DATE values on a directory of TimeML files, against dateparser.

    python -m claimtrace.evaluate timeml DIR [--no-spacy] [--errors N] [--json PATH]

For every gold ``<TIMEX3 type="DATE">`` inside ``<TEXT>``, the system is given
the gold span, its document and the document creation time (DCT) as the
publication date, and its value is compared with the gold ``value``.  This is
TempEval-3's value accuracy with gold extents.  The baseline is dateparser's
bare ``search_dates`` on the same span with the DCT as ``RELATIVE_BASE``
(without it dateparser would resolve against today's date); it returns a
datetime and no granularity, so it is written as ``YYYY-MM-DD``.

Which gold values count:
* ``core`` = ``YYYY-MM-DD``, ``YYYY-MM`` and ``YYYY`` golds, the forms the
  issue asks for; a gold time of day (``1998-10-23TNI``) is cut to its date,
  since the stage stops at day granularity.
* ``all`` = every DATE gold, including weeks (``1998-W40``), quarters,
  seasons, decades, PRESENT_REF/PAST_REF/FUTURE_REF and golds with ``X``
  placeholders; a system that cannot express a form gets it wrong.  Two
  spelling variants of the gold are evened out before comparing: unpadded
  weeks (``2000-W7`` = ``2000-W07``) and ``198X`` = decade ``198``.
A value at another granularity than the gold's is wrong in ``strict``
accuracy.  ``truncated`` accuracy forgives extra precision: a prediction
counts when, cut to the gold's length, it equals a day/month/year gold (this
is the fair reading for the baseline, which always answers with a day).

A second, end-to-end figure runs ``find_time_expressions`` on the whole text:
recall of gold DATE spans (any overlap) and value accuracy on those found.
Files are grouped by their sub-folder (TBAQ: AQUAINT, TimeBank).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from claimtrace.records import PublicationDate
from claimtrace.time.expressions import find_time_expressions, normalise_span

_TIME_OF_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})T.*$")
_CORE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    value: str


@dataclass
class TimeMLDocument:
    name: str
    group: str
    dct: str
    text: str
    dates: list[GoldTimex]


@dataclass
class Judgement:
    document: str
    group: str
    text: str
    gold: str
    form: str
    system: str | None
    baseline: str | None
    found: str | None = None  # end-to-end value of an overlapping found expression; None if not found
    detected: bool = False


@dataclass
class Tally:
    n: int = 0
    system: int = 0
    baseline: int = 0
    system_truncated: int = 0
    baseline_truncated: int = 0

    def add(self, j: Judgement) -> None:
        self.n += 1
        self.system += j.system == j.gold
        self.baseline += j.baseline == j.gold
        self.system_truncated += truncated_match(j.system, j.gold)
        self.baseline_truncated += truncated_match(j.baseline, j.gold)


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=dict)
    forms: Counter = field(default_factory=Counter)
    detection: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# ---------------------------------------------------------------- reading TimeML
def read_timeml(path: Path, group: str) -> TimeMLDocument | None:
    """Plain text of <TEXT>, its DATE timexes with offsets, and the DCT."""
    root = ElementTree.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            break
    body = root.find("TEXT")
    if dct is None or body is None:
        return None
    pieces: list[str] = []
    dates: list[GoldTimex] = []

    def walk(element: ElementTree.Element) -> None:
        if element.text:
            pieces.append(element.text)
        for child in element:
            start = sum(map(len, pieces))
            walk(child)
            end = sum(map(len, pieces))
            if child.tag == "TIMEX3" and child.get("type") == "DATE" and child.get("value"):
                dates.append(GoldTimex(start, end, "", child.get("value", "")))
            if child.tail:
                pieces.append(child.tail)

    walk(body)
    text = "".join(pieces)
    for d in dates:
        d.text = text[d.start : d.end]
    return TimeMLDocument(path.stem, group, _dct_day(dct), text, dates)


def _dct_day(value: str) -> str:
    m = _TIME_OF_DAY.match(value)
    return m[1] if m else value


def gold_form(value: str) -> str:
    """A name for the shape of a gold value, for the breakdown."""
    if value in {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}:
        return value
    if _DECADE_X.match(value):
        return "decade"
    if "X" in value:
        return "underspecified (X)"
    if _TIME_OF_DAY.match(value):
        return "day (time of day dropped)"
    for pattern, name in (
        (r"^\d{4}-\d{2}-\d{2}$", "day"),
        (r"^\d{4}-\d{2}$", "month"),
        (r"^\d{4}$", "year"),
        (r"^\d{4}-W\d{2}", "week"),
        (r"^\d{4}-Q\d$", "quarter"),
        (r"^\d{4}-H\d$", "half-year"),
        (r"^\d{4}-(?:SP|SU|FA|WI)$", "season"),
        (r"^\d{3}$", "decade"),
        (r"^\d{2}$", "century"),
    ):
        if re.match(pattern, value):
            return name
    return "other"


_UNPADDED_WEEK = re.compile(r"^(\d{4})-W(\d)$")
_DECADE_X = re.compile(r"^(\d{3})X$")


def comparable_gold(value: str) -> str:
    """The gold value in the form compared: time of day cut, week numbers padded, ``198X`` as decade ``198``."""
    if m := _TIME_OF_DAY.match(value):
        return m[1]
    if m := _UNPADDED_WEEK.match(value):
        return f"{m[1]}-W0{m[2]}"
    if m := _DECADE_X.match(value):
        return m[1]
    return value


def truncated_match(predicted: str | None, gold: str) -> bool:
    """Equal, or a finer day/month/year prediction that agrees up to the gold's granularity."""
    if predicted is None:
        return False
    if predicted == gold:
        return True
    return bool(_CORE.match(gold) and _CORE.match(predicted) and len(predicted) > len(gold) and predicted.startswith(gold))


# ---------------------------------------------------------------- systems
def baseline_value(span: str, dct: str) -> str | None:
    """dateparser's bare search_dates on the span, the DCT as relative base."""
    from dateparser.search import search_dates

    found = search_dates(span, languages=["en"], settings={"RELATIVE_BASE": datetime.fromisoformat(dct)})
    return found[0][1].date().isoformat() if found else None


def evaluate(documents: list[TimeMLDocument], use_spacy: bool = True) -> tuple[Report, list[Judgement]]:
    started = time.perf_counter()
    docs: list[Any] = [None] * len(documents)
    if use_spacy:
        from claimtrace.nlp.pipeline import load_nlp

        docs = list(load_nlp().pipe((d.text for d in documents), batch_size=16))
    judgements: list[Judgement] = []
    for document, doc in zip(documents, docs):
        publication = PublicationDate(document.dct, "stated", "day", "TimeML document creation time")
        found = find_time_expressions(document.text, publication, doc)
        for gold in document.dates:
            predicted = normalise_span(document.text, gold.start, gold.end, publication, doc)
            overlapping = next((e for e in found if e.start < gold.end and gold.start < e.end), None)
            judgements.append(
                Judgement(
                    document=document.name,
                    group=document.group,
                    text=gold.text,
                    gold=comparable_gold(gold.value),
                    form=gold_form(gold.value),
                    system=predicted.timeml_value if predicted else None,
                    baseline=baseline_value(gold.text, document.dct),
                    found=overlapping.timeml_value if overlapping else None,
                    detected=overlapping is not None,
                )
            )
    report = Report()
    for j in judgements:
        report.forms[j.form] += 1
        for scope in _scopes(j):
            report.tallies.setdefault(scope, Tally()).add(j)
    detected = [j for j in judgements if j.detected]
    report.detection = {
        "gold": len(judgements),
        "detected": len(detected),
        "value_correct_when_detected": sum(j.found == j.gold for j in detected),
    }
    report.seconds = time.perf_counter() - started
    return report, judgements


def _scopes(j: Judgement) -> list[str]:
    core = _CORE.match(j.gold) is not None
    scopes = ["all", f"all / {j.group}"]
    if core:
        scopes += ["core", f"core / {j.group}"]
    return scopes


# ---------------------------------------------------------------- command
def load_directory(directory: Path) -> list[TimeMLDocument]:
    documents = []
    for path in sorted(directory.rglob("*.tml")):
        group = path.parent.name if path.parent != directory else directory.name
        doc = read_timeml(path, group)
        if doc is not None:
            documents.append(doc)
    return documents


def format_report(report: Report) -> str:
    lines = [
        "TIMEX3 type=DATE value accuracy, gold spans, DCT as publication date",
        f"{'scope':24s} {'n':>5s}  {'claimtrace':>10s}  {'search_dates':>12s}  {'claimtrace*':>11s}  {'search_dates*':>13s}",
    ]
    order = sorted(report.tallies, key=lambda s: (not s.startswith("core"), "/" in s, s))
    for scope in order:
        t = report.tallies[scope]
        lines.append(
            f"{scope:24s} {t.n:5d}  {t.system / t.n:10.3f}  {t.baseline / t.n:12.3f}  "
            f"{t.system_truncated / t.n:11.3f}  {t.baseline_truncated / t.n:13.3f}"
        )
    lines.append("strict: exact value at the gold's granularity; *: a finer day/month/year answer cut to the gold's granularity also counts")
    d = report.detection
    if d.get("gold"):
        lines.append(
            f"end-to-end find_time_expressions: recall of gold DATE spans {d['detected'] / d['gold']:.3f} "
            f"({d['detected']}/{d['gold']}); value accuracy on detected {d['value_correct_when_detected'] / max(1, d['detected']):.3f}"
        )
    lines.append("gold forms: " + ", ".join(f"{k} {v}" for k, v in report.forms.most_common()))
    lines.append(f"time: {report.seconds:.1f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate timeml", description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path, help="directory searched recursively for *.tml files")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy parse (regex tense heuristic only)")
    parser.add_argument("--errors", type=int, default=0, help="print up to N core errors of the system")
    parser.add_argument("--json", type=Path, help="write the figures and every judgement to this JSON file")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"error: not a directory: {args.directory}", file=sys.stderr)
        return 2
    documents = load_directory(args.directory)
    if not documents:
        print(f"error: no TimeML files with a DCT under {args.directory}", file=sys.stderr)
        return 2
    report, judgements = evaluate(documents, use_spacy=not args.no_spacy)
    print(f"{len(documents)} documents from {args.directory}")
    print(format_report(report))
    if args.errors:
        wrong = [j for j in judgements if _CORE.match(j.gold) and j.system != j.gold]
        print(f"\nfirst {min(args.errors, len(wrong))} of {len(wrong)} core errors (document | text | gold | system):")
        for j in wrong[: args.errors]:
            print(f"  {j.document} | {j.text!r} | {j.gold} | {j.system}")
    if args.json:
        payload = {
            "tallies": {k: asdict(v) for k, v in report.tallies.items()},
            "detection": report.detection,
            "forms": dict(report.forms),
            "judgements": [asdict(j) for j in judgements],
        }
        args.json.write_text(json.dumps(payload, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["evaluate", "load_directory", "main", "read_timeml"]
