"""Geometry for the SVG charts the pages draw (positions over time, timeline).

The server computes every coordinate; the template only writes SVG elements
with numbers and escaped labels, so the charts need no script library and
work under a strict Content-Security-Policy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from claimtrace.report.axis import dense_range, span_label

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
    count: int = 1  # more than one: a cluster of items that fall on the same spot of a crowded chart

    @property
    def radius(self) -> float:
        return 6.0 if self.count == 1 else round(min(12.0, 6.0 + 1.5 * math.log2(self.count)), 1)


@dataclass(frozen=True)
class ZoomBand:
    """A clickable stretch of the axis that opens the chart zoomed to it."""

    x: float
    width: float
    href: str
    title: str


@dataclass(frozen=True)
class Gutter:
    """A strip beside the axis for outliers, drawn apart from the scaled range."""

    x: float
    width: float
    label: str  # the years the outliers cover
    count: int


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
    gutters: list[Gutter] = field(default_factory=list)
    zoom: list[ZoomBand] = field(default_factory=list)
    outside_window: int = 0  # items left out because they fall outside a zoomed window


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
    """First-of-month ticks at the finest step (1, 2, 3, 6 months, 1, 2, 5, 10... years) that fits."""
    months_span = (high.year - low.year) * 12 + high.month - low.month + 1
    steps = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000)
    step = next((s for s in steps if months_span / s <= max_ticks), steps[-1])
    ticks = []
    index = low.year * 12 + low.month - 1
    index += -index % step
    while index // 12 <= date.max.year:
        tick = date(max(1, index // 12), index % 12 + 1, 1)
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


GUTTER_WIDTH = 64
MAX_SINGLE_POINTS = 400  # above this many dots, items on the same spot of a lane are drawn as one sized dot
CLUSTER_PX = 6
ZoomHref = Callable[[date, date], str]


def build_chart(items: list[ChartItem], max_lanes: int = MAX_LANES, window: tuple[date, date] | None = None,
                zoom_href: ZoomHref | None = None) -> Chart:
    """Lanes top to bottom by how many points they hold; x by date; undated items are counted, not drawn.

    The axis is scaled to the dense range of the dates (``claimtrace.report.axis``); outliers are
    drawn in a strip before or after it, labelled with their years. ``window`` zooms to a range
    (items outside it are counted, not drawn); ``zoom_href`` makes each tick interval a link that
    zooms to it.
    """
    dated = [(item, parse_partial_date(item.when)) for item in items]
    undated = sum(1 for _, d in dated if d is None)
    dated = [(item, d) for item, d in dated if d is not None]
    outside = 0
    if window is not None:
        outside = sum(1 for _, d in dated if not window[0] <= d <= window[1])
        dated = [(item, d) for item, d in dated if window[0] <= d <= window[1]]
    mapping = lane_order([item for item, _ in dated], max_lanes)
    lanes: list[str] = []
    for lane in mapping.values():
        if lane not in lanes:
            lanes.append(lane)
    height = TOP + max(1, len(lanes)) * LANE_HEIGHT + AXIS_HEIGHT
    chart = Chart(LABEL_WIDTH + PLOT_WIDTH + 20, height, LABEL_WIDTH, LABEL_WIDTH + PLOT_WIDTH,
                  TOP + max(1, len(lanes)) * LANE_HEIGHT, undated=undated, outside_window=outside)
    if not dated:
        return chart
    scale = dense_range([d for _, d in dated]) if window is None else None
    low, high = (window[0], window[1]) if scale is None else (scale.low, scale.high)
    left, right = chart.plot_left, chart.plot_right
    before = [d for _, d in dated if scale is not None and scale.where(d) < 0]
    after = [d for _, d in dated if scale is not None and scale.where(d) > 0]
    if before:
        chart.gutters.append(Gutter(left, GUTTER_WIDTH - 10, span_label(before), len(before)))
        left += GUTTER_WIDTH
    if after:
        chart.gutters.append(Gutter(right - GUTTER_WIDTH + 10, GUTTER_WIDTH - 10, span_label(after), len(after)))
        right -= GUTTER_WIDTH
    low_ord, high_ord = low.toordinal(), max(high.toordinal(), low.toordinal() + 1)

    def x_of(d: date) -> float:
        return round(left + (d.toordinal() - low_ord) / (high_ord - low_ord) * (right - left), 1)

    def point_x(d: date) -> float:
        if scale is not None and scale.where(d) != 0:
            gutter = chart.gutters[0] if scale.where(d) < 0 else chart.gutters[-1]
            return round(gutter.x + gutter.width / 2, 1)
        return x_of(d)

    lane_y = {lane: TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2 for i, lane in enumerate(lanes)}
    chart.lanes = [(lane_y[lane], shorten(lane)) for lane in lanes]
    ticks = month_ticks(low, high)
    all_january = all(t.month == 1 for t in ticks)
    chart.ticks = [(x_of(t), tick_label(t, all_january)) for t in ticks]
    if zoom_href is not None:
        edges = [low, *ticks, high]
        for a, b in zip(edges, edges[1:]):
            if b > a:
                end = b - timedelta(days=1) if b != high else b
                chart.zoom.append(ZoomBand(x_of(a), max(1.0, x_of(b) - x_of(a)), zoom_href(a, end),
                                           f"zoom to {a.isoformat()} – {end.isoformat()}"))
    if len(dated) > MAX_SINGLE_POINTS:
        chart.points = clustered(dated, mapping, lane_y, point_x)
        return chart
    crowd: dict[tuple[str, int], int] = {}
    for item, d in sorted(dated, key=lambda pair: pair[1]):
        lane = mapping[item.lane]
        x = point_x(d)
        bucket = (lane, int(x // 8))
        n = crowd.get(bucket, 0)
        crowd[bucket] = n + 1
        offset = 0 if n == 0 else (-1) ** n * 6 * ((n + 1) // 2)
        y = lane_y[lane] + max(-12, min(12, offset))
        chart.points.append(PlacedPoint(x, y, item.css, item.title, item.href, item.key))
    return chart


def clustered(dated: list[tuple[ChartItem, date]], mapping: dict[str, str], lane_y: dict[str, float],
              point_x: Callable[[date], float]) -> list[PlacedPoint]:
    """A crowded chart: the items of one lane within a few pixels of each other become one sized dot.

    Its title says how many and over which dates; it links to the first of them (zoom in to see each).
    """
    buckets: dict[tuple[str, int], list[tuple[ChartItem, date, float]]] = {}
    for item, d in sorted(dated, key=lambda pair: pair[1]):
        x = point_x(d)
        buckets.setdefault((mapping[item.lane], int(x // CLUSTER_PX)), []).append((item, d, x))
    points = []
    for (lane, _), members in buckets.items():
        first, first_day, x = members[0]
        if len(members) == 1:
            points.append(PlacedPoint(x, lane_y[lane], first.css, first.title, first.href, first.key))
            continue
        last_day = members[-1][1]
        span = first_day.isoformat() if last_day == first_day else f"{first_day.isoformat()} – {last_day.isoformat()}"
        kinds = {m[0].css for m in members}
        css = first.css if len(kinds) == 1 else "mixed"
        points.append(PlacedPoint(x, lane_y[lane], css + " cluster", f"{len(members)} items, {span}; the first: {first.title}",
                                  first.href, first.key, len(members)))
    return points
