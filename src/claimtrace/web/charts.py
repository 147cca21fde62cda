"""Geometry for the SVG charts the pages draw (positions over time, timeline).

The server computes every coordinate; the template only writes SVG elements
with numbers and escaped labels, so the charts need no script library and
work under a strict Content-Security-Policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
LABEL_WIDTH = 190
PLOT_WIDTH = 700
LANE_HEIGHT = 30
TOP = 10
AXIS_HEIGHT = 30
MAX_LANES = 12


@dataclass(frozen=True)
class ChartItem:
    lane: str
    when: str | None
    css: str  # a fixed class name chosen by the caller, never text from an article
    title: str
    href: str | None
    key: str  # id of the matching entry in the list under the chart


@dataclass(frozen=True)
class PlacedPoint:
    x: float
    y: float
    css: str
    title: str
    href: str | None
    key: str


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: int
    lanes: list[tuple[float, str]] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    points: list[PlacedPoint] = field(default_factory=list)
    undated: int = 0


def parse_partial_date(value: str | None) -> date | None:
    """The first day a date names: '2024' → 2024-01-01, '2024-10' → 2024-10-01."""
    if not value:
        return None
    m = _PARTIAL_DATE.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def month_ticks(low: date, high: date, max_ticks: int = 8) -> list[date]:
    """First-of-month ticks at the finest step (1, 2, 3, 6, 12, 24, 60 months) that fits."""
    months_span = (high.year - low.year) * 12 + high.month - low.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months_span / s <= max_ticks), 120)
    ticks = []
    index = low.year * 12 + low.month - 1
    index += -index % step
    while True:
        tick = date(index // 12, index % 12 + 1, 1)
        if tick > high:
            break
        if tick >= low:
            ticks.append(tick)
        index += step
    return ticks


def tick_label(d: date, all_january: bool) -> str:
    return str(d.year) if all_january else d.strftime("%b %Y")


def shorten(label: str, width: int = 26) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def lane_order(items: list[ChartItem], max_lanes: int = MAX_LANES, other: str = "others") -> dict[str, str]:
    """Map each lane name to the lane it is drawn in: the busiest keep theirs, the rest share one."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.lane] = counts.get(item.lane, 0) + 1
    ranked = sorted(counts, key=lambda lane: (-counts[lane], lane))
    kept = ranked if len(ranked) <= max_lanes else ranked[: max_lanes - 1]
    return {lane: (lane if lane in kept else other) for lane in ranked}


def build_chart(items: list[ChartItem], max_lanes: int = MAX_LANES) -> Chart:
    """Lanes top to bottom by how many points they hold; x by date; undated items are counted, not drawn."""
    dated = [(item, parse_partial_date(item.when)) for item in items]
    undated = sum(1 for _, d in dated if d is None)
    dated = [(item, d) for item, d in dated if d is not None]
    mapping = lane_order([item for item, _ in dated], max_lanes)
    lanes: list[str] = []
    for lane in mapping.values():
        if lane not in lanes:
            lanes.append(lane)
    height = TOP + max(1, len(lanes)) * LANE_HEIGHT + AXIS_HEIGHT
    chart = Chart(LABEL_WIDTH + PLOT_WIDTH + 20, height, LABEL_WIDTH, LABEL_WIDTH + PLOT_WIDTH,
                  TOP + max(1, len(lanes)) * LANE_HEIGHT, undated=undated)
    if not dated:
        return chart
    low = min(d for _, d in dated)
    high = max(d for _, d in dated)
    pad = max(15, (high - low).days // 25)
    low_ord, high_ord = low.toordinal() - pad, high.toordinal() + pad

    def x_of(d: date) -> float:
        return round(chart.plot_left + (d.toordinal() - low_ord) / (high_ord - low_ord) * PLOT_WIDTH, 1)

    lane_y = {lane: TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2 for i, lane in enumerate(lanes)}
    chart.lanes = [(lane_y[lane], shorten(lane)) for lane in lanes]
    ticks = month_ticks(date.fromordinal(low_ord), date.fromordinal(high_ord))
    all_january = all(t.month == 1 for t in ticks)
    chart.ticks = [(x_of(t), tick_label(t, all_january)) for t in ticks]
    crowd: dict[tuple[str, int], int] = {}
    for item, d in sorted(dated, key=lambda pair: pair[1]):
        lane = mapping[item.lane]
        x = x_of(d)
        bucket = (lane, int(x // 8))
        n = crowd.get(bucket, 0)
        crowd[bucket] = n + 1
        offset = 0 if n == 0 else (-1) ** n * 6 * ((n + 1) // 2)
        y = lane_y[lane] + max(-12, min(12, offset))
        chart.points.append(PlacedPoint(x, y, item.css, item.title, item.href, item.key))
    return chart
