"""Find title, outlet, author, language and publication date of an article.

Plain-text articles carry their metadata in header and credit lines
("Minnie Sarro, Kestran Daily Wire", "Posted at Mar 03 2024 05:11 AM",
"Source : Outlet, Author13-12-2023"). A date is ``stated`` only when such a
line (or the export) gives it; anything inferred from the body is
``estimated`` and says how.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import dateparser

from claimtrace.clean.normalise import plausible_iso_date, year_in_range
from claimtrace.records import PublicationDate

HEADER_LINES = 8
FOOTER_LINES = 6
MAX_META_LINE = 140

_NAME_WORD = r"[A-Z][A-Za-z\u00C0-\u024F.'’-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|da|der|al|bin|el)){{0,3}}"
_DATE_WORDS = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2}(?:[T ][\d:]+(?:Z|[+-]\d{2}:?\d{2})?)?|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})"
)
_TIME = r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?"

SOURCE_CREDIT = re.compile(
    rf"^source\s*:\s*(?P<outlet>[^,|]+?)\s*,\s*(?P<author>{_NAME}?)\s*(?P<date>{_DATE_WORDS})?\s*$", re.IGNORECASE
)
PUBLICATION = re.compile(r"^publication\s*:\s*(?P<outlet>.+?)(?:\s+(?:volume|vol\.|issue)\s*:.*)?$", re.IGNORECASE)
BYLINE = re.compile(rf"^by\s+(?P<author>{_NAME}(?:\s+and\s+{_NAME})?)\s*(?:[|,–—-]\s*(?P<rest>.+))?$", re.IGNORECASE)
AUTHOR_OUTLET = re.compile(rf"^(?P<author>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){{1,2}})\s*,\s*(?P<outlet>[A-Z][\w&.'’ -]{{2,60}})$")
DATE_LINE = re.compile(
    rf"^(?:(?:posted|published|updated|first published|date)\s*(?:at|on|:)?\s*)?(?P<date>{_DATE_WORDS}){_TIME}\s*$",
    re.IGNORECASE,
)
MASTHEAD = re.compile(
    r"^(?P<outlet>[A-Z][\w&.'’ -]{2,60}?)\s*[—–|-]\s*(?:[A-Z][a-z]+\s+)?(?:edition|online|digital|international)(?:\s+edition)?$",
    re.IGNORECASE,
)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# What follows a byline's bar may be a time stamp, never an outlet's name: "01/12/15 12:35 PM", "10:02 GMT".
_TIME_STAMP = re.compile(r"^(?:(?:updated|posted|published)\s*:?\s*)?[\d\s/:.,-]*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\s*$", re.I)


def _names_an_outlet(text: str) -> bool:
    """Whether the text after a byline can be an outlet: it has a word, and is not a time stamp."""
    return bool(re.search(r"[^\W\d_]{2,}", text)) and not _TIME_STAMP.match(text)


@dataclass
class Metadata:
    """Metadata found for one article, with the lines each field came from."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: PublicationDate = field(default_factory=PublicationDate)


@lru_cache(maxsize=4096)
def parse_stated_date(text: str) -> tuple[str, str] | None:
    """Parse a full date written in a header; returns (ISO date, granularity) or None.

    Numeric dates with dashes are read day-first ("13-12-2022") unless ISO.
    """
    text = text.strip()
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            value = date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
        return (value, "day") if plausible_iso_date(value) else None
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if re.match(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}", text):
        settings["DATE_ORDER"] = "DMY"
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None or not year_in_range(parsed.year):
        return None
    return parsed.date().isoformat(), "day"


def given_date(value: str) -> PublicationDate:
    """A date given by an export (JSON/CSV field, HTML meta): stated, if it parses."""
    value = (value or "").strip()
    if not value:
        return PublicationDate()
    parsed = parse_stated_date(value)
    if parsed:
        return PublicationDate(parsed[0], "stated", "day", f"given in the source metadata: {value!r}")
    year_month = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
    if year_month and plausible_iso_date(value):
        gran = "month" if year_month[2] else "year"
        return PublicationDate(value, "stated", gran, f"given in the source metadata: {value!r}")
    return PublicationDate(
        None, "unknown", None, f"the source metadata gives an unreadable or impossible date (years 1000-2100 only): {value!r}"
    )


def _meta_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Short non-empty lines at the head and the foot, where credits and datelines sit."""
    indexed = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    head = indexed[: HEADER_LINES + 1]
    foot = indexed[-FOOTER_LINES:] if len(indexed) > HEADER_LINES else []
    seen = set()
    out = []
    for i, ln in head + foot:
        if i not in seen and len(ln) <= MAX_META_LINE:
            seen.add(i)
            out.append((i, ln))
    return out


def extract_metadata(text: str, given: dict[str, str] | None = None) -> Metadata:
    """Metadata from the text's header/credit lines, overridden by what the export gives."""
    given = {k: v for k, v in (given or {}).items() if isinstance(v, str) and v.strip()}
    meta = Metadata()
    lines = text.split("\n")
    stated: PublicationDate | None = None
    title_index: int | None = None
    masthead = False

    for i, line in _meta_lines(lines):
        m = SOURCE_CREDIT.match(line)
        if m:
            meta.outlet = meta.outlet or m["outlet"].strip()
            if m["author"]:
                meta.author = meta.author or m["author"].strip()
            if m["date"] and stated is None:
                parsed = parse_stated_date(m["date"])
                if parsed:
                    stated = PublicationDate(parsed[0], "stated", parsed[1], f"credit line: {line!r}")
            continue
        m = PUBLICATION.match(line) or (MASTHEAD.match(line) if title_index is not None else None)
        if m:
            # A masthead or "Publication:" header names the publisher, over any outlet a byline credits.
            meta.outlet = m["outlet"].strip()
            masthead = True
            continue
        m = DATE_LINE.match(line)
        if m and stated is None:
            parsed = parse_stated_date(m["date"])
            if parsed:
                stated = PublicationDate(parsed[0], "stated", parsed[1], f"dateline: {line!r}")
                continue
        m = BYLINE.match(line)
        if m:
            meta.author = meta.author or m["author"].strip()
            rest = (m["rest"] or "").strip()
            if rest:
                parsed = parse_stated_date(rest) if re.search(r"\d{4}", rest) else None
                if parsed and stated is None:
                    stated = PublicationDate(parsed[0], "stated", parsed[1], f"byline: {line!r}")
                elif not parsed and not masthead and _names_an_outlet(rest):
                    meta.outlet = meta.outlet or rest
            continue
        if title_index is not None and i > title_index:
            m = AUTHOR_OUTLET.match(line)
            if m and not line.endswith((".", "?", "!")):
                meta.author = meta.author or m["author"].strip()
                meta.outlet = meta.outlet or m["outlet"].strip()
                continue
        if title_index is None and i < HEADER_LINES + 5:
            title_index = i
            meta.title = MARKDOWN_HEADING.sub("", line).strip() or None

    if stated is not None:
        meta.published = stated
    if given.get("title"):
        meta.title = given["title"].strip()
    if given.get("author"):
        meta.author = given["author"].strip()
    if given.get("outlet"):
        meta.outlet = given["outlet"].strip()
    if given.get("url"):
        meta.url = given["url"].strip()
    if given.get("date"):
        from_export = given_date(given["date"])
        if from_export.source == "stated" or meta.published.source != "stated":
            meta.published = from_export
    return meta


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the article's main language (py3langid ships its model)."""
    import py3langid

    sample = text[:3000].strip()
    if not sample:
        return None
    code, _score = py3langid.classify(sample)
    return code
