"""The grammar of temporal expressions and the rules that normalise them.

Each :class:`Rule` pairs a regular expression with a function turning a match
into a :class:`Resolution` against the publication :class:`Anchor`.  The rules
encode the newsroom conventions the issue spells out (a weekday is the most
recent one before publication unless the verb is future; a month-day without
a year takes the year that keeps it at or before publication; ...).  dateparser
is kept for the odd forms these rules do not cover (see ``expressions``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from claimtrace.time import lexicon as lx
from claimtrace.time.calendar import (
    Anchor,
    interval,
    month_value,
    safe_date,
    shift_month,
    week_value,
)

Kind = str  # 'date' | 'relative' | 'range' | 'present_ref' | 'past_ref' | 'future_ref'


@dataclass(frozen=True)
class Resolution:
    """A normalised value; ``relative`` says it was computed from the publication date."""

    value: str | None
    granularity: str | None
    kind: Kind
    range_end: str | None = None
    relative: bool = False


UNRESOLVED_RELATIVE = Resolution(None, None, "relative", relative=True)


@dataclass
class MatchContext:
    """What a rule may consult besides its own match."""

    anchor: Anchor | None
    future: Callable[[], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], MatchContext], Resolution | None]
    # Bare forms ("June", "1999", "summer") are only dates in the right company.
    needs_context: Callable[[re.Match[str]], bool] | None = None
    # A cheap pattern every match contains: the rule only runs near its hits (see ``trigger_windows``).
    trigger: re.Pattern[str] | None = None

    @property
    def folded(self) -> bool:
        """Case-insensitive rules run, faster, as case-sensitive ones on the lower-cased text."""
        return bool(self.pattern.flags & re.IGNORECASE)

    @property
    def folded_pattern(self) -> re.Pattern[str]:
        return without_ignorecase(self.pattern)


# ---------------------------------------------------------------- patterns
MONTH = lx.MONTH_RE
WEEKDAY = lx.WEEKDAY_RE
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
# A year is a number of its own: not the tail of a word or handle ('@vandra1999', 'B2000'), not the
# head of a unit or word ('1600px', '1990s'; a capital may follow where scraped text lost a space).
YEAR = r"(?<![\w$€£#.,@])(?:1[5-9]\d\d|20\d\d)(?![\d%a-z]|['’]s?\d)"
MOD = r"(?:(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+|(?:early|late|mid)[\s-]+|mid-|Early\s+|Late\s+|Mid-?)"
WEEKDAY_PREFIX = rf"(?:(?P<wd>{WEEKDAY})\s*,?\s+)?"
PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


def without_ignorecase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern for lower-cased text (re caches the compilation)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# ---------------------------------------------------------------- year choice
def _latest_on_or_before(candidates: list[date], limit: date) -> date | None:
    fitting = [d for d in candidates if d <= limit]
    return max(fitting) if fitting else None


def _earliest_on_or_after(candidates: list[date], limit: date) -> date | None:
    fitting = [d for d in candidates if d >= limit]
    return min(fitting) if fitting else None


def pick_day_year(month: int, day: int, anchor: Anchor, future: bool, weekday: int | None = None) -> date | None:
    """The year for a month-day: at or before publication, or after it when future.

    A stated weekday ("Monday, Oct. 26") overrides, choosing the nearest year
    in which that date falls on that weekday.
    """
    years = range(anchor.start.year - 2, anchor.end.year + 3)
    candidates = [d for y in years if (d := safe_date(y, month, day)) is not None]
    if weekday is not None:
        matching = [d for d in candidates if d.weekday() == weekday and abs(d.year - anchor.start.year) <= 1]
        if len(matching) == 1:
            return matching[0]
    past = _latest_on_or_before(candidates, anchor.end)
    if future:
        ahead = _earliest_on_or_after(candidates, anchor.start)
        # Writers add the year to a date most of a year away; "by Jan. 14" the day after is a deadline just passed.
        if ahead is not None and (ahead - anchor.start).days <= FUTURE_HORIZON_DAYS:
            return ahead
    return past


FUTURE_HORIZON_DAYS = 270


def pick_month_year(month: int, anchor: Anchor, future: bool, strict: bool = False) -> int | None:
    """The year for a bare month: at/before publication's month, or at/after when future.

    ``strict`` excludes publication's own month ("last June" in June is a year ago).
    """
    current = (anchor.end.year, anchor.end.month) if not future else (anchor.start.year, anchor.start.month)
    years = range(current[0] - 2, current[0] + 3)
    if future:
        fitting = [y for y in years if (y, month) > current or ((y, month) == current and not strict)]
        return min(fitting) if fitting else None
    fitting = [y for y in years if (y, month) < current or ((y, month) == current and not strict)]
    return max(fitting) if fitting else None


# ---------------------------------------------------------------- resolvers
def _day(d: date | None, relative: bool, kind: Kind | None = None) -> Resolution | None:
    if d is None:
        return None
    return Resolution(d.isoformat(), "day", kind or ("relative" if relative else "date"), relative=relative)


def _resolve_iso(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    return _day(safe_date(int(m["y"]), int(m["mo"]), int(m["d"])), False)


def _resolve_numeric(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    """Day-month order: unambiguous when one part exceeds 12; else slashes are US, dashes/dots European."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12:
        month, day = b, a
    elif b > 12:
        month, day = a, b
    elif m["sep"] == "/":
        month, day = a, b
    else:
        month, day = b, a
    return _day(safe_date(year, month, day), False)


def _weekday_of(m: re.Match[str]) -> int | None:
    return lx.weekday_number(m["wd"]) if m.groupdict().get("wd") else None


def _resolve_full(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    month = lx.month_number(m["mo"])
    day = lx.ordinal_value(m["d"])
    if month is None or day is None:
        return None
    return _day(safe_date(int(m["y"]), month, day), False)


def _resolve_month_day(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    month = lx.month_number(m["mo"])
    day = lx.ordinal_value(m["d"])
    if month is None or day is None or safe_date(2000, month, day) is None:
        return None
    if ctx.anchor is None:
        return UNRESOLVED_RELATIVE
    return _day(pick_day_year(month, day, ctx.anchor, ctx.future(), _weekday_of(m)), True)


def _resolve_month_day_range(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    month = lx.month_number(m["mo"])
    first, last = lx.ordinal_value(m["d1"]), lx.ordinal_value(m["d2"])
    if month is None or first is None or last is None or last <= first:
        return None
    if m["y"]:
        start, end = safe_date(int(m["y"]), month, first), safe_date(int(m["y"]), month, last)
        relative = False
    elif ctx.anchor is None:
        return Resolution(None, None, "range", relative=True)
    else:
        start = pick_day_year(month, first, ctx.anchor, ctx.future())
        end = safe_date(start.year, month, last) if start else None
        relative = True
    if start is None or end is None:
        return None
    return Resolution(start.isoformat(), "day", "range", end.isoformat(), relative)


def _resolve_month_year(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    month = lx.month_number(m["mo"])
    return Resolution(month_value(int(m["y"]), month), "month", "date") if month else None


def _resolve_month(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    month = lx.month_number(m["mo"])
    if month is None:
        return None
    if ctx.anchor is None:
        return UNRESOLVED_RELATIVE
    rel = " ".join((m["rel"] or "").lower().split())
    if m["yrel"]:  # "in June last year"
        year: int | None = ctx.anchor.start.year + {"this": 0, "last": -1, "next": 1}[m["yrel"]]
    elif rel == "this":
        year = ctx.anchor.start.year
    elif rel in {"last", "this past"}:
        year = pick_month_year(month, ctx.anchor, future=False, strict=True)
    elif rel in {"next", "this coming"}:
        year = pick_month_year(month, ctx.anchor, future=True, strict=True)
    else:
        year = pick_month_year(month, ctx.anchor, ctx.future())
    return Resolution(month_value(year, month), "month", "relative", relative=True) if year else None


def _resolve_weekday(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    weekday = lx.weekday_number(m["wd"])
    if weekday is None:
        return None
    if ctx.anchor is None or ctx.anchor.day is None:
        return UNRESOLVED_RELATIVE
    today = ctx.anchor.day
    rel = " ".join((m["rel"] or "").lower().split())
    back = (today.weekday() - weekday) % 7  # days since the most recent such day (0 = today)
    ahead = (weekday - today.weekday()) % 7
    if rel in {"last", "this past"}:
        return _day(today - timedelta(days=back or 7), True)
    if rel in {"next", "this coming"}:
        return _day(today + timedelta(days=ahead or 7), True)
    if rel == "this":
        monday = today - timedelta(days=today.weekday())
        return _day(monday + timedelta(days=weekday), True)
    # The publication's own weekday is the publication day itself, in either direction:
    # in TBAQ, 132 of 132 such same-weekday mentions are the DCT, none a week before.
    if ctx.future():
        return _day(today + timedelta(days=ahead), True)
    return _day(today - timedelta(days=back), True)


_RELDAY_OFFSETS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def _resolve_relday(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    offset = _RELDAY_OFFSETS.get(" ".join(m[0].lower().split()).replace("’", "'").removesuffix("'s"))
    if offset is None:
        return None
    if ctx.anchor is None or ctx.anchor.day is None:
        return UNRESOLVED_RELATIVE
    return _day(ctx.anchor.day + timedelta(days=offset), True)


_REL_OFFSET = {
    "last": -1,
    "this past": -1,
    "the previous": -1,
    "this": 0,
    "the current": 0,
    "earlier this": 0,
    "later this": 0,
    "early this": 0,
    "late this": 0,
    "next": 1,
    "this coming": 1,
}


def _resolve_relunit(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    rel = " ".join(m["rel"].lower().replace("-", " ").split())
    if rel.startswith(("the end of ", "the beginning of ", "the start of ", "the middle of ", "late ", "early ", "mid ")):
        rel = rel.split()[-1]
    offset = 0 if rel in {"the", "of the"} or rel.endswith(" of the") else _REL_OFFSET.get(rel)
    unit = m["unit"].lower()
    anchor = ctx.anchor
    if offset is None:
        return None
    if anchor is None:
        return UNRESOLVED_RELATIVE
    if unit in {"week", "weekend"}:
        if anchor.day is None:
            return UNRESOLVED_RELATIVE
        return Resolution(week_value(anchor.day + timedelta(weeks=offset)), "week", "relative", relative=True)
    if unit == "month":
        if anchor.month is None:
            return UNRESOLVED_RELATIVE
        y, mo = shift_month(*anchor.month, offset)
        return Resolution(month_value(y, mo), "month", "relative", relative=True)
    if unit == "quarter":
        if anchor.month is None:
            return UNRESOLVED_RELATIVE
        index = anchor.month[0] * 4 + (anchor.month[1] - 1) // 3 + offset
        return Resolution(f"{index // 4:04d}-Q{index % 4 + 1}", "quarter", "relative", relative=True)
    if anchor.year is None:
        return UNRESOLVED_RELATIVE
    if unit == "year":
        return Resolution(f"{anchor.year + offset:04d}", "year", "relative", relative=True)
    if unit == "decade":
        return Resolution(f"{anchor.year // 10 + offset:03d}", "decade", "relative", relative=True)
    if unit == "century":
        return Resolution(f"{anchor.year // 100 + offset:02d}", "century", "relative", relative=True)
    return None


def _resolve_current_year(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    """ "by year-end", "earlier in the year"; "the past year" is the year before publication's."""
    if ctx.anchor is None or ctx.anchor.year is None:
        return UNRESOLVED_RELATIVE
    offset = -1 if "past" in m[0].lower() else 0
    return Resolution(f"{ctx.anchor.year + offset:04d}", "year", "relative", relative=True)


def _resolve_ago(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    count = lx.count_value(m["n"])
    if count is None:
        return Resolution(None, None, "past_ref")
    unit = m["unit"].lower().rstrip("s")
    anchor = ctx.anchor
    if anchor is None:
        return UNRESOLVED_RELATIVE
    if unit == "day":
        return _day(anchor.day - timedelta(days=count), True) if anchor.day else UNRESOLVED_RELATIVE
    if unit == "week":
        if anchor.day is None:
            return UNRESOLVED_RELATIVE
        return Resolution(week_value(anchor.day - timedelta(weeks=count)), "week", "relative", relative=True)
    if unit == "month":
        if anchor.month is None:
            return UNRESOLVED_RELATIVE
        y, mo = shift_month(*anchor.month, -count)
        return Resolution(month_value(y, mo), "month", "relative", relative=True)
    if anchor.year is None:
        return UNRESOLVED_RELATIVE
    if unit == "year":
        return Resolution(f"{anchor.year - count:04d}", "year", "relative", relative=True)
    if unit == "decade":
        return Resolution(f"{(anchor.year - 10 * count) // 10:03d}", "decade", "relative", relative=True)
    return None


def _resolve_year(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    return Resolution(m["y"], "year", "date")


def _resolve_decade(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    """ "the 1960s", "the '80s", "the nineties"; "2020's" alone is a possessive year, not a decade."""
    if m["full"]:
        if ("'" in m[0] or "’" in m[0]) and not m[0].lower().startswith("the"):
            return None
        return Resolution(m["full"][:3], "decade", "date")
    if m["word"]:
        return Resolution(f"19{lx.DECADE_WORDS[m['word'].lower()]}", "decade", "date")
    tens = int(m["short"][0])
    century = 19
    if ctx.anchor is not None and 2000 + tens * 10 <= ctx.anchor.start.year and tens <= 2:
        century = 20
    return Resolution(f"{century}{tens}", "decade", "date")


def _resolve_century(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    number = lx.ordinal_value(m["ord"])
    return Resolution(f"{number - 1:02d}", "century", "date") if number else None


def _quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def _resolve_quarter(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    quarter = int(m["q"]) if m["q"] else lx.ordinal_value(m["ord"])
    if quarter is None or not 1 <= quarter <= 4:
        return None
    if m["y"]:
        return Resolution(_quarter_value(int(m["y"]), quarter), "quarter", "date")
    if ctx.anchor is None:
        return UNRESOLVED_RELATIVE
    first_month = 3 * quarter - 2
    starts = [date(y, first_month, 1) for y in range(ctx.anchor.start.year - 1, ctx.anchor.end.year + 2)]
    if ctx.future():
        chosen = _earliest_on_or_after([interval(_quarter_value(d.year, quarter))[1] for d in starts], ctx.anchor.start)
    else:
        chosen = _latest_on_or_before(starts, ctx.anchor.end)
    return Resolution(_quarter_value(chosen.year, quarter), "quarter", "relative", relative=True) if chosen else None


def _season_occurrences(code: str, anchor: Anchor) -> list[tuple[int, date, date]]:
    out = []
    for year in range(anchor.start.year - 2, anchor.end.year + 2):
        span = interval(f"{year:04d}-{code}")
        if span:
            out.append((year, span[0], span[1]))
    return out


def _resolve_season(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    code = lx.SEASONS[m["season"].lower()]
    if m["y"]:
        return Resolution(f"{m['y']}-{code}", "season", "date")
    anchor = ctx.anchor
    if anchor is None:
        return UNRESOLVED_RELATIVE
    rel = " ".join((m["rel"] or "").lower().split())
    occurrences = _season_occurrences(code, anchor)
    if rel in {"last", "this past"}:
        fitting = [o for o in occurrences if o[2] < anchor.start]
        chosen = max(fitting, key=lambda o: o[1]) if fitting else None
    elif rel in {"next", "this coming"}:
        fitting = [o for o in occurrences if o[1] > anchor.end]
        chosen = min(fitting, key=lambda o: o[1]) if fitting else None
    elif rel == "this":
        containing = [o for o in occurrences if o[1] <= anchor.end and o[2] >= anchor.start]
        chosen = containing[0] if containing else next((o for o in occurrences if o[0] == anchor.start.year), None)
    elif ctx.future():
        fitting = [o for o in occurrences if o[2] >= anchor.start]
        chosen = min(fitting, key=lambda o: o[1]) if fitting else None
    else:
        fitting = [o for o in occurrences if o[1] <= anchor.end]
        chosen = max(fitting, key=lambda o: o[1]) if fitting else None
    if chosen is None:
        return None
    return Resolution(f"{chosen[0]:04d}-{code}", "season", "relative", relative=True)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holiday_date(name: str, year: int) -> date | None:
    """Fixed and rule-based holidays news text dates events by."""
    key = " ".join(name.lower().replace("’", "'").split()).removesuffix(" day")
    fixed = {
        "christmas": (12, 25),
        "christmas eve": (12, 24),
        "boxing": (12, 26),
        "new year's": (1, 1),
        "new year's eve": (12, 31),
        "new year": (1, 1),
        "independence": (7, 4),
        "halloween": (10, 31),
        "valentine's": (2, 14),
    }
    if key in fixed:
        return date(year, *fixed[key])
    if key == "thanksgiving":
        return _nth_weekday(year, 11, 3, 4)
    if key == "election":  # US: the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    return None


def _resolve_holiday(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    if m["y"]:
        return _day(holiday_date(m["name"], int(m["y"])), False)
    anchor = ctx.anchor
    if anchor is None:
        return UNRESOLVED_RELATIVE
    years = range(anchor.start.year - 2, anchor.end.year + 3)
    candidates = [d for y in years if (d := holiday_date(m["name"], y)) is not None]
    rel = (m["rel"] or "").lower()
    if rel == "last":
        chosen = _latest_on_or_before(candidates, anchor.start - timedelta(days=1))
    elif rel == "next":
        chosen = _earliest_on_or_after(candidates, anchor.end + timedelta(days=1))
    elif rel == "this" or ctx.future():
        chosen = _earliest_on_or_after(candidates, anchor.start)
    else:
        chosen = _latest_on_or_before(candidates, anchor.end)
    return _day(chosen, True)


def _resolve_present(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    return Resolution(None, None, "present_ref")


def _resolve_past(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    return Resolution(None, None, "past_ref")


def _resolve_future(m: re.Match[str], ctx: MatchContext) -> Resolution | None:
    return Resolution(None, None, "future_ref")


# ---------------------------------------------------------------- context checks
_PREPOSITIONS = {
    "in",
    "since",
    "until",
    "till",
    "by",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "from",
    "to",
    "and",
    "or",
    "between",
    "around",
    "circa",
    "of",
    "for",
    "as",
    "than",
    "into",
    "early",
    "late",
    "mid",
    "the",
    "fiscal",
    "year",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "at",
    "on",
    "over",
    "within",
    "about",
}
_MONTH_PREPOSITIONS = _PREPOSITIONS - {"of", "the", "as", "on", "at", "year", "fiscal"}
_COUNT_NOUN_AFTER = re.compile(
    r"\s+(?:people|persons|troops|soldiers|members|votes|words|times|units|cases|deaths|km|kilometres|kilometers|"
    r"miles|metres|meters|tons|tonnes|dollars|euros|yuan|rubles|roubles|pages|points|feet|acres|hectares|men|women|"
    r"children|workers|jobs|residents|vehicles|tanks|aircraft|missiles|ships|employees|students|barrels|shares)\b",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^A-Za-z\n]{0,2}$")


def _word_before(m: re.Match[str]) -> str:
    found = _WORD_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
    return found[1] if found else ""


def _month_in_context(m: re.Match[str]) -> bool:
    """A bare month name needs a modifier or a preposition: "in June", not "June Carter"."""
    if m["rel"] or m["mod"] or m["yrel"]:
        return True
    return _word_before(m).lower() in _MONTH_PREPOSITIONS


@dataclass(frozen=True)
class NotAYear:
    """A context in which a bare four-digit number is something else than a year.

    ``before`` is searched in the text just before the number (it must match at
    its end), ``after`` matched right after it; ``example`` is a sentence in
    which the check fires (the tests run every one).
    """

    name: str
    example: str
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    reach: int = 12  # characters before the number that ``before`` may look at


_STREET_TYPES = (
    r"(?:Street|Avenue|Ave|Boulevard|Blvd|Road|Rd|Lane|Ln|Drive|Way|Place|Pl|Court|Ct|Terrace|Parkway|Pkwy"
    r"|Highway|Hwy|Square|Sq|Plaza|Circle|Alley)\b"
    r"|(?:St|Dr)\b(?!\.?\s*[A-Z][a-z])"  # not the title of a name that follows: 'Health Minister Dr. Osk'
)

NOT_A_YEAR: list[NotAYear] = [
    NotAYear("counts_a_noun", "The rebels sent 1800 troops to the border.", after=_COUNT_NOUN_AFTER),
    NotAYear("numbered", "Resolution No. 1999 passed.", before=re.compile(r"(?:No\.|#)\s*$")),
    # '2560 x 1600', '1920×1080': a dimension or resolution, on either side of the 'x'
    NotAYear("dimension", "The Orvel tablet has a 2560 x 1600 screen.", before=re.compile(r"\d\s*[x×]\s*$")),
    NotAYear("dimension_first", "A 1920 x 1080 panel is standard.", after=re.compile(r"\s*[x×]\s*\d")),
    # a house number: '1500 Harbour Blvd', 'the 1900 block of Main Street'
    NotAYear(
        "street_number",
        "The Kestrel firm leases 1400 and 1500 Harbour Blvd in Norvale.",
        after=re.compile(rf"(?:\s+[A-Z][\w'’.-]*){{1,3}}\s+(?:{_STREET_TYPES})|\s+block\s+of\b"),
    ),
    # a number a plural verb agrees with counts things: 'of the ballots, 1600 were for Tessel'
    NotAYear(
        "plural_subject",
        "Of the votes counted, 1600 were for Tessel.",
        after=re.compile(r"\s+(?:were|are|have|remain)\b", re.IGNORECASE),
    ),
]


def not_a_year(m: re.Match[str]) -> str | None:
    """The name of the NOT_A_YEAR check that rejects the bare year ``m``, or None."""
    text, start, end = m.string, m.start("y"), m.end("y")
    word = _word_before(m).lower()
    for check in NOT_A_YEAR:
        if check.after is not None and check.after.match(text, end):
            # 'in 1999 were ...' would be odd, but a year after a preposition is not the subject
            if check.name == "plural_subject" and word in _PREPOSITIONS:
                continue
            return check.name
        if check.before is not None and check.before.search(text[max(0, start - check.reach) : start]):
            return check.name
    return None


def _year_in_context(m: re.Match[str]) -> bool:
    """A bare four-digit number is a year unless it names a thing ("Flight 1549"). The NOT_A_YEAR checks
    (counts, numbers, dimensions, addresses) run before this, in ``expressions._acceptable``, since they
    also overrule a parser's DATE tag."""
    word = _word_before(m)
    if not word:
        return True
    if word.lower() in _PREPOSITIONS or lx.month_number(word) or lx.weekday_number(word) is not None:
        return True
    if word[0].isupper():
        return False  # "Flight 1549", "Resolution 2231"
    return True


def _season_in_context(m: re.Match[str]) -> bool:
    if m["rel"] or m["y"]:
        return True
    return _word_before(m).lower() in {"in", "during", "over", "since", "until", "by", "through", "throughout"}


# ---------------------------------------------------------------- the grammar
_REL_WEEKDAY = r"(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his\s+past|[Tt]his\s+coming|[Tt]his)\s+)?"

RULES: list[Rule] = [
    Rule(
        "iso",
        _c(r"(?<![\d/.-])(?P<y>1[5-9]\d\d|20\d\d)[-/.](?P<mo>0?[1-9]|1[0-2])[-/.](?P<d>0?[1-9]|[12]\d|3[01])(?!\d|[/.-]\d)"),
        _resolve_iso,
    ),
    Rule(
        "numeric",
        _c(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>1[5-9]\d\d|20\d\d)(?!\d|[/.-]\d)"),
        _resolve_numeric,
    ),
    Rule(
        "month_day_year",
        _c(rf"{WEEKDAY_PREFIX}(?P<mo>{MONTH})\s*(?P<d>{DAY})(?:\s*,\s*|\s+)(?P<y>{YEAR})"),
        _resolve_full,
    ),
    Rule(
        "day_month_year",
        _c(rf"{WEEKDAY_PREFIX}(?:the\s+)?(?<!\d)(?P<d>{DAY})\s+(?:of\s+)?(?P<mo>{MONTH})\s*,?\s*(?P<y>{YEAR})"),
        _resolve_full,
    ),
    Rule(
        "month_day_range",
        _c(
            rf"(?P<mo>{MONTH})\s*(?P<d1>{DAY})\s*(?:-|–|—|\s+to\s+|\s+through\s+|\s+until\s+)\s*(?P<d2>{DAY})"
            rf"(?:\s*,?\s*(?P<y>{YEAR}))?"
        ),
        _resolve_month_day_range,
    ),
    Rule("month_day", _c(rf"{WEEKDAY_PREFIX}(?P<mo>{MONTH})\s*(?P<d>{DAY})\b"), _resolve_month_day),
    Rule("day_month", _c(rf"{WEEKDAY_PREFIX}(?:the\s+)?(?<!\d)(?P<d>{DAY})\s+(?:of\s+)?(?P<mo>{MONTH})"), _resolve_month_day),
    Rule(
        "month_year",
        _c(rf"(?P<mod>{MOD})?(?P<mo>{MONTH})\s*,?\s+(?:of\s+)?(?P<y>{YEAR})"),
        _resolve_month_year,
    ),
    Rule(
        "month",
        _c(
            rf"(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his\s+past|[Tt]his\s+coming|[Tt]his)\s+|(?P<mod>{MOD}))?(?P<mo>{MONTH})"
            rf"(?:\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b)?"
        ),
        _resolve_month,
        _month_in_context,
    ),
    Rule(
        "weekday",
        _c(rf"{_REL_WEEKDAY}(?P<wd>{WEEKDAY})(?:['’]s)?{PART_OF_DAY}"),
        _resolve_weekday,
    ),
    Rule(
        "holiday",
        _c(
            rf"(?:\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?\b(?P<name>Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s(?:\s+(?:Eve|Day))?"
            rf"|Thanksgiving(?:\s+Day)?|Election\s+Day|Independence\s+Day|Halloween|Valentine['’]s\s+Day|Boxing\s+Day)"
            rf"(?:\s*,?\s*(?P<y>{YEAR}))?"
        ),
        _resolve_holiday,
    ),
    Rule(
        "relative_day",
        _c(
            r"\b(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight"
            r"|this\s+(?:morning|afternoon|evening)|last\s+night)(?:['’]s)?\b",
            re.IGNORECASE,
        ),
        _resolve_relday,
    ),
    Rule(
        "relative_unit",
        _c(
            r"\b(?P<rel>(?:the\s+(?:end|beginning|start|middle)\s+of\s+the)"
            r"|(?:(?:the\s+(?:end|beginning|start|middle)\s+of|late|early|mid)[\s-]+)?"
            r"(?:earlier\s+this|later\s+this|early\s+this|late\s+this|this\s+past|this\s+coming|the\s+current|the\s+previous|last|this|next))"
            r"\s+(?P<unit>week|weekend|month|quarter|year|decade|century)(?:['’]s)?\b",
            re.IGNORECASE,
        ),
        _resolve_relunit,
    ),
    Rule(
        "current_year",
        _c(
            r"\b(?:year[\s-]end|year['’]s\s+end|the\s+end\s+of\s+the\s+year|the\s+current\s+(?:fiscal\s+|calendar\s+)?year"
            r"|earlier\s+in\s+the\s+year|later\s+in\s+the\s+year|the\s+past\s+year)\b",
            re.IGNORECASE,
        ),
        _resolve_current_year,
    ),
    Rule(
        "ago",
        _c(
            rf"\b(?P<n>\d{{1,3}}|{lx.NUMBER_WORD_RE}|{lx.VAGUE_RE})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b",
            re.IGNORECASE,
        ),
        _resolve_ago,
    ),
    Rule(
        "quarter",
        _c(
            rf"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|q(?P<q>[1-4]))"
            rf"(?:(?:\s+of\s+|\s+|,\s*)(?P<y>{YEAR}))?",
            re.IGNORECASE,
        ),
        _resolve_quarter,
    ),
    Rule(
        "season",
        _c(
            rf"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|early|late|mid|the\s+early|the\s+late|the)[\s-]+)?"
            rf"(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>{YEAR}))?\b",
            re.IGNORECASE,
        ),
        _resolve_season,
        _season_in_context,
    ),
    Rule(
        "decade",
        _c(
            r"(?:\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?)?"
            r"(?:(?<!\d)(?P<full>1[5-9]\d0|20\d0)['’]?s\b|['’](?P<short>\d0)['’]?s\b"
            r"|\bthe\s+(?:(?:early|mid|late)[\s-]+)?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
            re.IGNORECASE,
        ),
        _resolve_decade,
    ),
    Rule(
        "century",
        _c(rf"\b(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{lx.ORDINAL_RE})[\s-]+century\b", re.IGNORECASE),
        _resolve_century,
    ),
    Rule(
        "year",
        _c(rf"(?:(?P<mod>{MOD}))?(?P<y>{YEAR})(?:['’]s)?"),
        _resolve_year,
        _year_in_context,
    ),
    Rule(
        "present_ref",
        _c(r"\b(?:right\s+now|now|currently|nowadays|at\s+present|presently|at\s+the\s+moment|these\s+days)\b", re.IGNORECASE),
        _resolve_present,
    ),
    Rule("past_ref", _c(r"\b(?:recently|lately|in\s+the\s+past|formerly)\b", re.IGNORECASE), _resolve_past),
    Rule(
        "future_ref",
        _c(r"\b(?:in\s+the\s+(?:near\s+)?future|the\s+(?:near\s+)?future|in\s+the\s+coming\s+(?:days|weeks|months|years))\b", re.IGNORECASE),
        _resolve_future,
    ),
]


# Most rules are long alternations that are slow to try at every character; each
# runs only in windows around hits of a short literal trigger it cannot match without.
_MONTH_TRIGGER = re.compile(r"\b(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MA[RY]|APR|JU[NL]|AUG|SEP|OCT|NOV|DEC)")
_TRIGGERS: dict[str, re.Pattern[str]] = {
    "iso": re.compile(r"\d{4}"),
    "numeric": re.compile(r"\d{4}"),
    "month_day_year": _MONTH_TRIGGER,
    "day_month_year": _MONTH_TRIGGER,
    "month_day_range": _MONTH_TRIGGER,
    "month_day": _MONTH_TRIGGER,
    "day_month": _MONTH_TRIGGER,
    "month_year": _MONTH_TRIGGER,
    "month": _MONTH_TRIGGER,
    "weekday": re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN)"),
    "holiday": re.compile(r"\b(?:Christmas|New\s+Year|Thanksgiving|Election|Independence|Halloween|Valentine|Boxing)"),
    "ago": re.compile(r"\bago\b", re.IGNORECASE),
    "quarter": re.compile(r"quarter|\bq[1-4]", re.IGNORECASE),
    "season": re.compile(r"spring|summer|fall|autumn|winter", re.IGNORECASE),
    "decade": re.compile(r"\d0['’]?s\b|ties\b", re.IGNORECASE),
    "century": re.compile(r"century", re.IGNORECASE),
    "year": re.compile(r"\d{4}"),
}
TRIGGER_REACH = 40  # characters a match may extend beyond its trigger on either side
RULES = [replace(rule, trigger=_TRIGGERS.get(rule.name)) for rule in RULES]

TENSE_SENSITIVE = {"month_day", "day_month", "month", "weekday", "quarter", "season", "month_day_range", "holiday"}
RULE_PRIORITY = {rule.name: i for i, rule in enumerate(RULES)}
