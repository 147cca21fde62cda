"""Find temporal expressions in a text and normalise them against its publication date.

Candidates come from the rule grammar (``rules``) and from spaCy's DATE
entities; the rules normalise what they recognise, and dateparser handles a
DATE entity no rule covers.  dateparser is only ever called on such short
candidate spans and its answers are cached, so the stage stays cheap next to
the spaCy parse it reuses.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from claimtrace.records import PublicationDate
from claimtrace.time import lexicon as lx
from claimtrace.time.calendar import (
    GRANULARITY_RANK,
    Anchor,
    anchor_from,
    granularity_of,
    interval,
    iso_form,
    month_value,
    value_span,
)
from claimtrace.time.rules import (
    RULE_PRIORITY,
    RULES,
    TENSE_SENSITIVE,
    TRIGGER_REACH,
    MatchContext,
    Resolution,
    not_a_year,
    without_ignorecase,
)
from claimtrace.time.tense import is_future

_NUMERIC_ENTITY_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"}
_REF_TIMEML = {"present_ref": "PRESENT_REF", "past_ref": "PAST_REF", "future_ref": "FUTURE_REF"}


@dataclass
class TimeExpression:
    """One temporal expression; offsets are into the text it was found in.

    ``value`` is ISO ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` at ``granularity``
    day, month or year, or None when it cannot be placed (a relative
    expression with no publication date, or a vague one such as "recently").
    ``range_end`` (ISO) closes ranges, including the ones a single expression
    spans: "last week" is a day range, "the third quarter" a month range,
    "the 1960s" a year range.  ``period`` names that natural unit (day, week,
    month, quarter, season, year, decade, century) and ``timeml`` gives the
    TimeML TIMEX3 value (``2022-W47``, ``2022-Q3``, ``196``, ``PRESENT_REF``).
    ``estimated_base`` is True when the value was computed from a publication
    date that is itself only estimated.
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None
    range_end: str | None = None
    kind: str = "date"  # date | relative | range | present_ref | past_ref | future_ref
    estimated_base: bool = False
    rule: str = ""
    period: str | None = None
    timeml: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def timeml_value(self) -> str | None:
        """The value as TimeML writes it (PRESENT_REF and friends for vague references)."""
        return self.timeml

    def interval(self) -> tuple[date, date] | None:
        """First and last day this expression covers, ranges included."""
        return value_span(self.value, self.range_end)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: str
    resolution: Resolution

    @property
    def length(self) -> int:
        return self.end - self.start


class _EntityIndex:
    """spaCy entities by start offset, for "is this span inside a DATE entity?" lookups."""

    def __init__(self, doc: Any) -> None:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []
        self.date_spans = [(s, e) for s, e, label in ents if label == "DATE"]
        self.numeric_spans = [(s, e) for s, e, label in ents if label in _NUMERIC_ENTITY_LABELS]
        self._date_starts = [s for s, _ in self.date_spans]
        self._numeric_starts = [s for s, _ in self.numeric_spans]

    @staticmethod
    def _inside(starts: list[int], spans: list[tuple[int, int]], start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    def in_date(self, start: int, end: int) -> bool:
        return self._inside(self._date_starts, self.date_spans, start, end)

    def in_numeric(self, start: int, end: int) -> bool:
        return self._inside(self._numeric_starts, self.numeric_spans, start, end)


def find_time_expressions(text: str, publication: PublicationDate | None, doc: Any = None) -> list[TimeExpression]:
    """All temporal expressions in ``text``, normalised against ``publication``.

    ``doc`` (the spaCy parse of exactly this text) is optional: with it, DATE
    entities add candidates and the parse decides future tense; without it
    the grammar and a clause-window tense heuristic do the work.
    """
    anchor = anchor_from(publication)
    entities = _EntityIndex(doc)
    candidates = _scan(text, 0, len(text), anchor, doc, entities, strict=True)
    merged = _merge_ranges(text, sorted(_select(candidates), key=lambda c: c.start), anchor)
    chosen = sorted(_with_dateparser(text, entities, merged, anchor), key=lambda c: c.start)
    return [_to_expression(text, c, anchor) for c in chosen]


def normalise_span(
    text: str, start: int, end: int, publication: PublicationDate | None, doc: Any = None
) -> TimeExpression | None:
    """Normalise a span already known to be a temporal expression (e.g. a gold TIMEX3).

    Context requirements for bare months and years are dropped, since the
    caller vouches for the span; the surrounding text still decides tense.
    """
    anchor = anchor_from(publication)
    candidates = _scan(text, start, end, anchor, doc, _EntityIndex(None), strict=False)
    chosen = _merge_ranges(text, sorted(_select(candidates), key=lambda c: c.start), anchor)
    if not chosen:
        fallback = _dateparser_candidate(text[start:end], start, end, anchor)
        if fallback is None:
            return None
        chosen = [fallback]
    best = max(chosen, key=lambda c: (c.length, -RULE_PRIORITY.get(c.rule, 99)))
    expression = _to_expression(text, best, anchor)
    expression.start, expression.end, expression.text = start, end, text[start:end]
    return expression


# ---------------------------------------------------------------- scanning
def _scan(
    text: str, lo: int, hi: int, anchor: Anchor | None, doc: Any, entities: _EntityIndex, strict: bool
) -> list[_Candidate]:
    out: list[_Candidate] = []
    windows: dict[Any, list[tuple[int, int]]] = {}
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; then stay case-insensitive
        lowered = ""
    for rule in RULES:
        fold = rule.folded and bool(lowered)
        haystack = lowered if fold else text
        pattern = rule.folded_pattern if fold else rule.pattern
        if rule.trigger is None:
            spans = [(lo, hi)]
        else:
            trigger = without_ignorecase(rule.trigger) if fold else rule.trigger
            if (spans := windows.get(trigger)) is None:
                spans = windows[trigger] = trigger_windows(trigger, haystack, lo, hi)
        for m in (m for a, b in spans for m in pattern.finditer(haystack, a, b)):
            if m.end() == m.start():
                continue
            if strict and not _acceptable(rule.name, m, rule.needs_context, entities):
                continue
            context = MatchContext(anchor, _lazy_future(text, m.start(), m.end(), doc, rule.name))
            resolution = rule.resolve(m, context)
            if resolution is not None:
                out.append(_Candidate(m.start(), m.end(), rule.name, resolution))
    return out


def trigger_windows(trigger: re.Pattern[str], text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Disjoint stretches of ``text[lo:hi]`` within reach of a trigger hit."""
    out: list[tuple[int, int]] = []
    for hit in trigger.finditer(text, lo, hi):
        start, end = max(lo, hit.start() - TRIGGER_REACH), min(hi, hit.end() + TRIGGER_REACH)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _acceptable(rule: str, m: re.Match[str], needs_context: Any, entities: _EntityIndex) -> bool:
    if rule == "year" and (entities.in_numeric(m.start("y"), m.end("y")) or not_a_year(m) is not None):
        return False  # a NOT_A_YEAR context is not a year even where the parser tags a DATE
    if needs_context is None or needs_context(m):
        return True
    return entities.in_date(m.start(), m.end())


def _lazy_future(text: str, start: int, end: int, doc: Any, rule: str) -> Any:
    """Tense is only worth computing for the rules that consult it, and only once."""
    memo: list[bool] = []

    def future() -> bool:
        if rule not in TENSE_SENSITIVE:
            return False
        if not memo:
            memo.append(is_future(text, start, end, doc))
        return memo[0]

    return future


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest match wins; among equals, the rule listed first."""
    ordered = sorted(candidates, key=lambda c: (-c.length, RULE_PRIORITY.get(c.rule, 99), c.start))
    taken: list[_Candidate] = []
    occupied: list[tuple[int, int]] = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        taken.append(c)
        occupied.append((c.start, c.end))
    return taken


# ---------------------------------------------------------------- ranges
_RANGE_DASH = re.compile(r"\s*[-–—]\s*")
_RANGE_WORD = re.compile(r"\s+(?:to|through|until|till|and)\s+")
_RANGE_OPENER = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)
_SINCE = re.compile(r"\b[Ss]ince\s+$")
_SHORT_YEAR_END = re.compile(r"[-–](\d{2})\b")


def _merge_ranges(text: str, chosen: list[_Candidate], anchor: Anchor | None) -> list[_Candidate]:
    """Join "from X to Y", "between X and Y", "X-Y", "2019-20" and "since X" into ranges."""
    out: list[_Candidate] = []
    i = 0
    while i < len(chosen):
        a = chosen[i]
        b = chosen[i + 1] if i + 1 < len(chosen) else None
        if b is not None and a.resolution.value and b.resolution.value:
            merged = _pair_range(text, a, b)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(_short_year_range(text, a) or _since_range(text, a, anchor) or a)
        i += 1
    return out


def _pair_range(text: str, a: _Candidate, b: _Candidate) -> _Candidate | None:
    between = text[a.end : b.start]
    opener = _RANGE_OPENER.search(text, max(0, a.start - 10), a.start)
    if _RANGE_DASH.fullmatch(between) and a.resolution.granularity == b.resolution.granularity:
        start = a.start
    elif (m := _RANGE_WORD.fullmatch(between)) and opener:
        if ("and" in m[0]) != opener[0].lower().startswith("between"):
            return None
        start = opener.start()
    else:
        return None
    ra, rb = _year_from_end(a.resolution, b.resolution), b.resolution
    resolution = Resolution(ra.value, ra.granularity, "range", rb.range_end or rb.value, ra.relative or rb.relative)
    return _Candidate(start, b.end, "range", resolution)


def _year_from_end(first: Resolution, last: Resolution) -> Resolution:
    """ "between March 3 and March 7, 2022": the start takes the year the end states."""
    if not (first.relative and first.granularity in {"day", "month"} and not last.relative and first.value and last.value):
        return first
    moved = last.value[:4] + first.value[4:]
    if moved > last.value or interval(moved) is None:
        return first
    return Resolution(moved, first.granularity, first.kind, first.range_end, False)


def _short_year_range(text: str, a: _Candidate) -> _Candidate | None:
    if a.rule != "year" or not a.resolution.value:
        return None
    m = _SHORT_YEAR_END.match(text, a.end)
    if not m:
        return None
    end_year = a.resolution.value[:2] + m[1]
    if end_year <= a.resolution.value:
        return None
    return _Candidate(a.start, m.end(), "range", Resolution(a.resolution.value, "year", "range", end_year))


def _since_range(text: str, a: _Candidate, anchor: Anchor | None) -> _Candidate | None:
    """ "since 2002" runs from 2002 to publication (open-ended when the date is unknown)."""
    since = _SINCE.search(text, max(0, a.start - 8), a.start)
    if not since or not a.resolution.value or a.resolution.kind == "range":
        return None
    end_value = _anchor_value(anchor)
    r = a.resolution
    return _Candidate(since.start(), a.end, "since", Resolution(r.value, r.granularity, "range", end_value, r.relative or end_value is not None))


def _anchor_value(anchor: Anchor | None) -> str | None:
    if anchor is None:
        return None
    if anchor.granularity == "day":
        return anchor.start.isoformat()
    if anchor.granularity == "month":
        return month_value(anchor.start.year, anchor.start.month)
    return f"{anchor.start.year:04d}"


# ---------------------------------------------------------------- dateparser fallback
_DATEPARSER_WORTHY = re.compile(rf"{lx.MONTH_RE}|{lx.WEEKDAY_RE}|\b\d{{4}}\b|\d{{1,2}}[/.]\d{{1,2}}")
# "the 1960s" (read as today), the verb "may", year ranges such as "2019-20" (read as March 20), and a
# number alone ("1128 were for Tessel", "0735 GMT", "2560 x 1600"): whether a bare number is a year is the
# grammar's question, which its year rule answers with the NOT_A_YEAR checks (dateparser takes any number).
_DATEPARSER_MISREADS = re.compile(
    r"\d0['’]?s\b|^\s*(?:may|march)\s*$|\d{4}\s*[-–]\s*\d{2}\b|^\W*\d+\W*$", re.IGNORECASE
)


# dateparser costs about a millisecond per new span. A news article sends it a few dozen; a list of 9,000
# numbered lines ("line 4179", each a DATE entity to spaCy) sent 4,179 and took 5 s. Past this many distinct
# spans in one text the rest are left to the grammar alone (it still reads every expression it knows).
DATEPARSER_SPANS_PER_TEXT = 400


def _with_dateparser(text: str, entities: _EntityIndex, chosen: list[_Candidate], anchor: Anchor | None) -> list[_Candidate]:
    """DATE entities the grammar covers only in part ("Feb" of "Feb the 4th") or not at all, read by dateparser.

    dateparser's reading replaces the grammar's only when it is more precise. At most
    DATEPARSER_SPANS_PER_TEXT distinct spans are read per text.
    """
    out = list(chosen)
    seen: set[str] = set()
    for start, end in entities.date_spans:
        overlapping = [c for c in out if c.start < end and start < c.end]
        if any(c.start <= start and end <= c.end for c in overlapping):
            continue
        span = text[start:end]
        if span not in seen:
            if len(seen) >= DATEPARSER_SPANS_PER_TEXT:
                continue
            seen.add(span)
        candidate = _dateparser_candidate(span, start, end, anchor)
        if candidate is None:
            continue
        finer = GRANULARITY_RANK.get(candidate.resolution.granularity or "", -1)
        if all(finer > GRANULARITY_RANK.get(c.resolution.granularity or "", -1) for c in overlapping):
            out = [c for c in out if c not in overlapping] + [candidate]
    return out


def _dateparser_candidate(span: str, start: int, end: int, anchor: Anchor | None) -> _Candidate | None:
    if not _DATEPARSER_WORTHY.search(span) or _DATEPARSER_MISREADS.search(span):
        return None
    base = anchor.day.isoformat() if anchor is not None and anchor.day is not None else None
    parsed = _dateparser_read(span, base)
    if parsed is None:
        return None
    value, granularity, relative = parsed
    if relative and base is None:
        return None
    return _Candidate(start, end, "dateparser", Resolution(value, granularity, "relative" if relative else "date", relative=relative))


@lru_cache(maxsize=1)
def _date_data_parser_class() -> Any:
    from dateparser.date import DateDataParser  # imported lazily: it costs ~0.3 s at start-up

    return DateDataParser


@lru_cache(maxsize=64)
def _parser_for(base: str | None) -> Any:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    return _date_data_parser_class()(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser_read(span: str, base: str | None) -> tuple[str, str, bool] | None:
    """dateparser's reading of a short span: (value, granularity, relied on the base date)."""
    data = _parser_for(base).get_date_data(span)
    if data is None or data.date_obj is None:
        return None
    parts = set(data.parts or ())
    when = data.date_obj.date()
    relative = "year" not in parts
    if {"day", "month"} <= parts or data.period == "day":
        return when.isoformat(), "day", relative
    if "month" in parts or data.period == "month":
        return month_value(when.year, when.month), "month", relative
    if parts == {"year"} or data.period == "year":
        return f"{when.year:04d}", "year", relative
    return None


def _to_expression(text: str, c: _Candidate, anchor: Anchor | None) -> TimeExpression:
    r = c.resolution
    estimated = bool(r.relative and anchor is not None and anchor.estimated and r.value is not None)
    own = iso_form(r.value)
    value, granularity, range_end = own if own is not None else (None, None, None)
    if r.range_end is not None and (closing := iso_form(r.range_end)) is not None:
        range_end = closing[2] or closing[0]
    return TimeExpression(
        start=c.start,
        end=c.end,
        text=text[c.start : c.end],
        value=value,
        granularity=granularity,
        range_end=range_end,
        kind=r.kind,
        estimated_base=estimated,
        rule=c.rule,
        period=granularity_of(r.value),
        timeml=_REF_TIMEML.get(r.kind, r.value),
    )
