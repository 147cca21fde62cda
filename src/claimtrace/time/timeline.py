"""Dated statements and events in order: selection, text/JSON output and the plot.

``claimtrace timeline`` shows who said what when, so a fact-checker can see a
position change.  The plot is meant for a report: time across, one lane per
speaker (or document), each point labelled, the precision of each date drawn
as a bar, and dates that are only "published by then" drawn differently from
dates the text states.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from claimtrace.report.axis import clamp_ordinal, dense_range, span_label
from claimtrace.time.calendar import GRANULARITY_RANK, interval, value_span
from claimtrace.time.resolve import STATED, StatementDate

PointKind = Literal["statement", "event"]
POINT_GID_PREFIX = "timeline-point-"
PNG_COUNT_KEY = "claimtrace-timeline-points"


@dataclass
class TimelinePoint:
    """One dated statement or event, with what is needed to cite it."""

    value: str | None
    granularity: str | None
    basis: str
    label: str
    text: str = ""
    speaker: str | None = None
    document: str = ""
    document_id: str = ""
    sentence_index: int | None = None
    kind: PointKind = "statement"
    estimated_base: bool = False
    range_end: str | None = None
    expression_text: str | None = None
    url: str | None = None

    @classmethod
    def from_statement_date(cls, when: StatementDate, label: str, **fields: Any) -> TimelinePoint:
        """Build a point from :func:`claimtrace.time.resolve.date_statement`'s answer."""
        return cls(
            value=when.value,
            granularity=when.granularity,
            basis=when.basis,
            label=label,
            estimated_base=when.estimated_base,
            range_end=when.range_end,
            expression_text=when.expression_text,
            **fields,
        )

    def interval(self) -> tuple[date, date] | None:
        return value_span(self.value, self.range_end)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------- selection
_STOPWORDS = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "is", "are", "was", "be", "by", "about"}
_WORD = re.compile(r"\w+")


def parse_date_bound(text: str, *, end: bool = False) -> date:
    """A --from/--to bound: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the interval's first or last day)."""
    span = interval(text.strip())
    if span is None:
        raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return span[1] if end else span[0]


def select_points(
    points: Iterable[TimelinePoint],
    about: str | None = None,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[TimelinePoint]:
    """Dated points matching the filters, in time order.

    ``about`` keeps points whose text contains every content word of it;
    ``speaker`` is a case-insensitive substring of the speaker's name; the
    date bounds keep points whose date interval overlaps [from, to].
    """
    low = parse_date_bound(date_from) if date_from else None
    high = parse_date_bound(date_to, end=True) if date_to else None
    wanted = [w for w in _WORD.findall((about or "").casefold()) if w not in _STOPWORDS]
    kept = []
    for point in points:
        span = point.interval()
        if span is None:
            continue
        if low and span[1] < low or high and span[0] > high:
            continue
        if speaker and speaker.casefold() not in (point.speaker or "").casefold():
            continue
        if wanted:
            haystack = set(_WORD.findall(f"{point.text} {point.label}".casefold()))
            if not all(w in haystack for w in wanted):
                continue
        kept.append(point)
    return sorted(kept, key=_order)


def _order(point: TimelinePoint) -> tuple:
    span = point.interval()
    assert span is not None
    return span[0], -GRANULARITY_RANK.get(point.granularity or "", 0), point.document, point.sentence_index or 0


def format_text(points: list[TimelinePoint]) -> str:
    """One block per point: date with its grounds, who, what, and where it comes from."""
    lines = []
    for p in points:
        when = p.value or "undated"
        if p.range_end:
            when += f" to {p.range_end}"
        grounds = "as stated" if p.basis == STATED else ("published by then" if p.basis != "unknown" else "date unknown")
        if p.estimated_base:
            grounds += ", publication date estimated"
        who = p.speaker or ("event" if p.kind == "event" else "unattributed")
        cite = p.document + (f" #{p.sentence_index}" if p.sentence_index is not None else "")
        lines.append(f"{when} ({p.granularity or '?'}, {grounds})  {who}: {p.text or p.label}\n    [{cite}]")
    return "\n".join(lines)


def to_json(points: list[TimelinePoint]) -> list[dict[str, Any]]:
    return [p.to_dict() for p in points]


def timeline_output(
    points: Iterable[TimelinePoint],
    fmt: Literal["text", "json", "png", "svg"] = "text",
    *,
    about: str | None = None,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    path: str | None = None,
    title: str = "Timeline",
) -> str:
    """Everything ``claimtrace timeline`` does after loading points: filter, order, then print or draw.

    For ``text``/``json`` the returned string is the output; for ``png``/``svg``
    the picture is written to ``path`` and the string says what was drawn.
    """
    chosen = select_points(points, about=about, speaker=speaker, date_from=date_from, date_to=date_to)
    if fmt == "text":
        return format_text(chosen)
    if fmt == "json":
        return json.dumps(to_json(chosen), indent=2, ensure_ascii=False)
    if path is None:
        raise ValueError(f"--format {fmt} needs an output path")
    drawn = render_timeline(chosen, path, fmt, title)
    return f"{drawn} dated points drawn to {path}"


# ---------------------------------------------------------------- the plot
FIGURE_WIDTH_IN = 12.0
AXES_WIDTH_FRACTION = 0.76
LABEL_FONT_PT = 7.0
ROW_PT = 11.0  # vertical distance between stacked labels
CHAR_PT = 0.56 * LABEL_FONT_PT  # average label character width
OUTLIER_PANEL_FRACTION = 0.07  # width of the panel for dates far before or after the rest


@dataclass
class _Placed:
    point: TimelinePoint
    start: date
    end: date
    middle: date
    lane: int
    offset_pt: float = 0.0
    left: bool = False  # the label is drawn to the left of its point (it would run past the right edge)


def render_timeline(
    points: list[TimelinePoint],
    path: str,
    fmt: Literal["png", "svg"] = "png",
    title: str = "Timeline",
    lanes: Literal["auto", "speaker", "document"] = "auto",
) -> int:
    """Draw the dated points to ``path`` and return how many were drawn.

    Lanes are speakers when any point has one ("auto"), else documents.
    Labels in a lane are stacked above and below the line so that none
    overlaps another.  Each marker carries the SVG id ``timeline-point-N``
    and the PNG carries the count in its metadata, so the picture can be
    checked mechanically.
    """
    if fmt not in {"png", "svg"}:
        raise ValueError(f"unsupported timeline format {fmt!r}; use png or svg")
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    placed, lane_names, by_speaker = _place(points, lanes)
    # The axis is scaled to the dense range of dates; dates far outside it (a 1949 treaty, a misread
    # year 1 or 9999) are drawn apart in narrow panels beside the axis, labelled with their dates.
    scale = dense_range([item.middle for item in placed])
    inside = [item for item in placed if scale is None or scale.where(item.middle) == 0]
    before = [item for item in placed if scale is not None and scale.where(item.middle) < 0]
    after = [item for item in placed if scale is not None and scale.where(item.middle) > 0]
    main_left = 0.16 + (OUTLIER_PANEL_FRACTION + 0.01 if before else 0.0)
    main_width = AXES_WIDTH_FRACTION - (OUTLIER_PANEL_FRACTION + 0.01) * (bool(before) + bool(after))
    x_low, x_high = _x_limits(inside, main_width)
    lane_centres, total_pt = _stack_labels(inside, len(lane_names), x_low, x_high, main_width)
    height_in = min(60.0, (total_pt + 120) / 72)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, height_in), dpi=150)
    top, bottom = 1 - 40 / 72 / height_in, 80 / 72 / height_in
    fig.subplots_adjust(left=main_left, right=main_left + main_width, top=top, bottom=bottom)
    colours = plt.get_cmap("tab10")
    for n, item in enumerate(inside):
        _draw_point(ax, item, n, lane_centres[item.lane], colours(item.lane % 10), mdates)
    label_axes = ax  # the lane names go left of the leftmost axes
    for side, items in (("before", before), ("after", after)):
        if not items:
            continue
        x0 = 0.16 if side == "before" else main_left + main_width + 0.01
        panel = fig.add_axes((x0, bottom, OUTLIER_PANEL_FRACTION, top - bottom))
        _draw_outliers(panel, items, len(inside) + (len(before) if side == "after" else 0), lane_centres, total_pt, colours,
                       f"{'earlier' if side == 'before' else 'later'}\n{span_label([i.middle for i in items])}")
        if side == "before":
            label_axes = panel
            ax.set_yticks(lane_centres)
            ax.set_yticklabels([])
    label_axes.set_yticks(lane_centres)
    # 28 characters at 8 pt fit the 0.16 of the figure left of the axes (32 were cut at the figure's edge)
    label_axes.set_yticklabels([textwrap.shorten(name, 28, placeholder="…") for name in lane_names], fontsize=8)
    label_axes.set_ylabel("speaker" if by_speaker else "document")
    ax.set_ylim(total_pt, 0)
    ax.set_title(title, fontsize=11)
    ax.grid(axis="x", color="0.9")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlim(datetime.combine(x_low, datetime.min.time()), datetime.combine(x_high, datetime.min.time()))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    fig.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="none", color="0.3", label="date stated in the text"),
            Line2D([], [], marker="<", linestyle="none", color="0.3", markerfacecolor="white", label="on or before publication"),
            Line2D([], [], color="0.3", alpha=0.35, linewidth=6, label="span of a month/year-precise date"),
            Line2D([], [], marker="o", linestyle="none", color="0.3", alpha=0.45, label="rests on an estimated publication date"),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=4,
        fontsize=7,
        frameon=False,
    )
    drawn = len(placed)
    if fmt == "png":
        fig.savefig(path, format="png", metadata={"Title": title, PNG_COUNT_KEY: str(drawn)})
    else:
        # Text stays text (searchable, selectable in a report) rather than outlined glyphs.
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(path, format="svg", metadata={"Title": title, "Description": f"{drawn} dated points"})
    plt.close(fig)
    return drawn


def _place(points: list[TimelinePoint], lanes: str) -> tuple[list[_Placed], list[str], bool]:
    dated = sorted((p for p in points if p.interval() is not None), key=_order)
    by_speaker = lanes == "speaker" or (lanes == "auto" and any(p.speaker for p in dated))
    names: list[str] = []  # in order of first appearance in time: the plot reads top-down as events unfold
    placed = []
    for p in dated:
        name = _lane_of(p, by_speaker)
        if name not in names:
            names.append(name)
        start, end = p.interval()  # type: ignore[misc]
        placed.append(_Placed(p, start, end, start + (end - start) / 2, names.index(name)))
    return placed, names, by_speaker


def _x_limits(placed: list[_Placed], axes_fraction: float = AXES_WIDTH_FRACTION) -> tuple[date, date]:
    """The dates' own range with a small margin, widened only where a label fits neither to the right
    of its point nor to its left (a point near the right edge takes its label on the left, so the
    axis is not stretched past the story to make room for text).

    Clamped to the calendar (year 1 to 9999), so a date at either end cannot overflow.
    """
    if not placed:
        today = date(2000, 1, 1)
        return today - timedelta(days=30), today + timedelta(days=30)
    low = min(p.start for p in placed)
    high = max(p.end for p in placed)
    margin = max(10, (high - low).days * 0.04)
    low = clamp_ordinal(low.toordinal() - margin)
    axes_pt = FIGURE_WIDTH_IN * axes_fraction * 72
    days = max(1, int((high - low).days + margin))
    for p in placed:
        width = _label_width(p)
        x_pt = (p.middle - low).days / days * axes_pt
        room = axes_pt - (width + 6)
        if x_pt + width <= axes_pt or x_pt >= width or room <= 0:
            continue
        days = max(days, int((p.middle - low).days * axes_pt / room) + 1)
    return low, clamp_ordinal(low.toordinal() + days)


def _label_width(item: _Placed) -> float:
    """Points a label takes beside its point (text and the gap to the marker)."""
    return len(_short_label(item.point)) * CHAR_PT + 6


def _stack_labels(placed: list[_Placed], lane_count: int, x_low: date, x_high: date,
                  axes_fraction: float = AXES_WIDTH_FRACTION) -> tuple[list[float], float]:
    """Give each label a row above or below its lane so labels never overlap; return lane centres (pt)."""
    axes_pt = FIGURE_WIDTH_IN * axes_fraction * 72
    days = max(1, (x_high - x_low).days)
    levels_per_lane = [1] * lane_count
    right_edge: dict[tuple[int, int], float] = {}
    for item in placed:
        x_pt = (item.middle - x_low).days / days * axes_pt
        width = _label_width(item)
        item.left = x_pt + width > axes_pt and x_pt >= width
        start = x_pt - width if item.left else x_pt
        row = 0
        while right_edge.get((item.lane, row), -1e9) > start:
            row += 1
        right_edge[(item.lane, row)] = start + width
        level = row // 2 + 1
        item.offset_pt = -level * ROW_PT if row % 2 == 0 else level * ROW_PT  # y grows downward
        levels_per_lane[item.lane] = max(levels_per_lane[item.lane], level)
    centres = []
    cursor = 0.0
    if not levels_per_lane:
        return [], 2 * (ROW_PT + 8)
    for levels in levels_per_lane:
        half = levels * ROW_PT + 8
        centres.append(cursor + half)
        cursor += 2 * half
    return centres, cursor


def _draw_point(ax: Any, item: _Placed, n: int, y: float, colour: Any, mdates: Any) -> None:
    p = item.point
    stated = p.basis == STATED
    if item.end > item.start:
        ax.plot([item.start, clamp_ordinal(item.end.toordinal() + 1)], [y, y], color=colour, alpha=0.35, linewidth=6, solid_capstyle="butt")
    (marker,) = ax.plot(
        [item.middle],
        [y],
        marker="o" if stated else "<",
        markersize=7,
        linestyle="none",
        markerfacecolor=colour if stated else "white",
        markeredgecolor=colour,
        markeredgewidth=1.5,
        alpha=0.45 if p.estimated_base else 1.0,
    )
    marker.set_gid(f"{POINT_GID_PREFIX}{n}")
    ax.annotate(
        _short_label(p),
        (mdates.date2num(item.middle), y),
        xytext=(-3 if item.left else 3, -item.offset_pt),
        textcoords="offset points",
        fontsize=LABEL_FONT_PT,
        va="center",
        ha="right" if item.left else "left",
        arrowprops={"arrowstyle": "-", "color": "0.65", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 3},
    )


def _draw_outliers(panel: Any, items: list[_Placed], first_gid: int, lane_centres: list[float], total_pt: float,
                   colours: Any, heading: str) -> None:
    """Outliers side by side in date order, each marked at its lane and labelled with its date below."""
    for n, item in enumerate(items):
        stated = item.point.basis == STATED
        colour = colours(item.lane % 10)
        (marker,) = panel.plot([n], [lane_centres[item.lane]], marker="o" if stated else "<", markersize=7, linestyle="none",
                               markerfacecolor=colour if stated else "white", markeredgecolor=colour, markeredgewidth=1.5)
        marker.set_gid(f"{POINT_GID_PREFIX}{first_gid + n}")
    panel.set_xlim(-0.8, max(len(items), 2) - 0.2)
    panel.set_ylim(total_pt, 0)
    panel.set_xticks(range(len(items)))
    panel.set_xticklabels([item.point.value or "" for item in items], rotation=90, fontsize=6)
    panel.set_yticks([])
    panel.set_facecolor("0.96")
    panel.set_title(heading, fontsize=7, color="0.35")
    for side in ("top", "right"):
        panel.spines[side].set_visible(False)


def _lane_of(point: TimelinePoint, by_speaker: bool) -> str:
    if by_speaker:
        return point.speaker or "(no speaker: events)"
    return point.document or "(unknown document)"


def _short_label(point: TimelinePoint, width: int = 46) -> str:
    """The date as the text gives it, then the start of the statement: readable where points crowd."""
    text = textwrap.shorten(" ".join((point.label or point.text).split()), width=width, placeholder="…")
    return f"{point.value}: {text}" if point.value else text


__all__ = [
    "TimelinePoint",
    "format_text",
    "parse_date_bound",
    "render_timeline",
    "select_points",
    "timeline_output",
    "to_json",
]
