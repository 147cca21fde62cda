"""Calendar arithmetic on normalised values and on the publication anchor.

Values follow TimeML's TIMEX3 ``value`` forms (ISO 8601 plus TimeML's
seasons, decades and centuries), so one string says both *when* and *how
precisely*.  Everything else in the time stage reasons about a value through
:func:`interval`, which turns any of those forms into its first and last day.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from claimtrace.records import PublicationDate

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]

# Coarse to fine; a value is "at least as precise" as another by this order.
GRANULARITY_RANK: dict[str, int] = {
    "century": 0,
    "decade": 1,
    "year": 2,
    "season": 3,
    "quarter": 3,
    "month": 4,
    "week": 5,
    "day": 6,
}

SEASON_CODES = ("SP", "SU", "FA", "WI")
# First month of each TimeML season; winter runs December to February.
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def granularity_of(value: str | None) -> Granularity | None:
    """The granularity a value's form expresses, or None for anything else."""
    if not value:
        return None
    for pattern, name in (
        (_DAY, "day"),
        (_WEEK, "week"),
        (_MONTH, "month"),
        (_QUARTER, "quarter"),
        (_SEASON, "season"),
        (_YEAR, "year"),
        (_DECADE, "decade"),
        (_CENTURY, "century"),
    ):
        if pattern.match(value):
            return name  # type: ignore[return-value]
    return None


def interval(value: str | None) -> tuple[date, date] | None:
    """First and last day covered by a value; None when it is not a calendar value."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), month_end(y, mo)
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        if m := _SEASON.match(value):
            y, code = int(m[1]), m[2]
            first = SEASON_START_MONTH[code]
            if code == "WI":
                return date(y, 12, 1), month_end(y + 1, 2)
            return date(y, first, 1), month_end(y, first + 2)
        if m := _YEAR.match(value):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if m := _DECADE.match(value):
            y = int(m[1]) * 10
            return date(max(y, 1), 1, 1), date(y + 9, 12, 31)
        if m := _CENTURY.match(value):
            y = int(m[1]) * 100
            return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    except ValueError:
        return None
    return None


def iso_form(value: str | None) -> tuple[str, str, str | None] | None:
    """A TimeML value as ISO ``(value, granularity, range_end)`` with granularity day, month or year.

    Weeks become a day range, quarters and seasons a month range, decades and
    centuries a year range, so every consumer can sort and compare plain ISO
    dates while the range end keeps the extent.
    """
    period = granularity_of(value)
    span = interval(value)
    if period is None or span is None or value is None:
        return None
    first, last = span
    if period in {"day", "month", "year"}:
        return value, period, None
    if period == "week":
        return first.isoformat(), "day", last.isoformat()
    if period in {"quarter", "season"}:
        return month_value(first.year, first.month), "month", month_value(last.year, last.month)
    return f"{first.year:04d}", "year", f"{last.year:04d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: date) -> str:
    iso_year, iso_week, _ = d.isocalendar()
    return f"{iso_year:04d}-W{iso_week:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Anchor:
    """The publication date as an interval, for resolving relative expressions.

    A month- or year-precise publication date still anchors "last year" or
    "in June", but not "on Monday"; keeping both ends makes that explicit.
    """

    start: date
    end: date
    granularity: str
    estimated: bool

    @property
    def day(self) -> date | None:
        """The exact publication day, when known to the day."""
        return self.start if self.granularity == "day" else None

    @property
    def month(self) -> tuple[int, int] | None:
        if self.start.year == self.end.year and self.start.month == self.end.month:
            return self.start.year, self.start.month
        return None

    @property
    def year(self) -> int | None:
        return self.start.year if self.start.year == self.end.year else None


def anchor_from(publication: PublicationDate | None) -> Anchor | None:
    """The anchor for a publication date, or None when the date is unknown."""
    if publication is None or not publication.value or publication.source == "unknown":
        return None
    span = interval(publication.value)
    if span is None:
        return None
    granularity = granularity_of(publication.value) or "day"
    return Anchor(span[0], span[1], granularity, publication.source == "estimated")


def value_span(value: str | None, range_end: str | None = None) -> tuple[date, date] | None:
    """First and last day covered by a value, through ``range_end`` when it is a range."""
    first = interval(value)
    if first is None:
        return None
    last = interval(range_end) if range_end else None
    return first[0], (last[1] if last else first[1])
