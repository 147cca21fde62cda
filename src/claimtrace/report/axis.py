"""Which dates a time axis should be scaled to, and which to show apart as outliers.

News text mentions dates far from the story (a 1949 treaty, a plan for 2065, a
misread year 1 or 9999). Scaling an axis to all of them squeezes everything
real into a few pixels. ``dense_range`` keeps the bulk of the dates to scale and
names the rest as outliers before or after it, for the web charts and the
timeline picture alike. Pure date arithmetic, safe from year 1 to year 9999.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

FENCE_IQRS = 1.5  # interquartile ranges beyond the quartiles that still count as the story's time (Tukey's fences)
MIN_FENCE_DAYS = 365  # ... but never less than a year either side
MIN_SPAN_DAYS = 30  # an axis shows at least a month


@dataclass(frozen=True)
class DenseRange:
    """The dates to draw to scale (``low``..``high``, padded) and the outliers on either side."""

    low: date
    high: date
    first: date  # the earliest and latest date drawn to scale (low and high are padded beyond them)
    last: date
    before: tuple[date, ...] = ()
    after: tuple[date, ...] = ()

    def where(self, day: date) -> int:
        """-1 for an outlier before the range, 0 inside, 1 after."""
        return -1 if day < self.first else (1 if day > self.last else 0)


def _quartile(ordinals: Sequence[int], q: float) -> float:
    position = q * (len(ordinals) - 1)
    below = int(position)
    above = min(below + 1, len(ordinals) - 1)
    return ordinals[below] + (ordinals[above] - ordinals[below]) * (position - below)


def clamp_ordinal(value: float) -> date:
    return date.fromordinal(int(min(max(value, 1), date.max.toordinal())))


def dense_range(days: Sequence[date], pad_fraction: float = 0.04) -> DenseRange | None:
    """The range to scale an axis to: quartiles widened by 1.5 IQR (at least a year), then padded.

    >>> r = dense_range([date(1949, 1, 1)] + [date(2020, m, 1) for m in range(1, 13)] + [date(2065, 1, 1)])
    >>> (r.low.year, r.high.year, [d.year for d in r.before], [d.year for d in r.after])
    (2019, 2020, [1949], [2065])
    """
    if not days:
        return None
    ordinals = sorted(d.toordinal() for d in days)
    q1, q3 = _quartile(ordinals, 0.25), _quartile(ordinals, 0.75)
    reach = max(FENCE_IQRS * (q3 - q1), MIN_FENCE_DAYS)
    inside = [o for o in ordinals if q1 - reach <= o <= q3 + reach]
    low, high = inside[0], inside[-1]
    pad = max(MIN_SPAN_DAYS / 2, (high - low) * pad_fraction)
    low_day, high_day = clamp_ordinal(low - pad), clamp_ordinal(high + pad)
    before = tuple(sorted(d for d in days if d.toordinal() < low))
    after = tuple(sorted(d for d in days if d.toordinal() > high))
    return DenseRange(low_day, high_day, date.fromordinal(low), date.fromordinal(high), before, after)


def span_label(days: Sequence[date]) -> str:
    """'1949' or '1949–1957': the years a group of outliers covers."""
    if not days:
        return ""
    first, last = min(days).year, max(days).year
    return str(first) if first == last else f"{first}–{last}"
