"""Charts and list views at corpus scale: dense-range axes with outliers apart, zoom, evidence cards, pages, CSV.

Pure functions over invented records (no store, no server), plus the timeline picture
drawn for real by matplotlib with dates in year 1 and year 9999.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from claimtrace.report.axis import dense_range, span_label
from claimtrace.time.timeline import TimelinePoint, render_timeline
from claimtrace.web import render
from claimtrace.web.charts import ChartItem, build_chart, month_ticks
from claimtrace.web.export import to_csv

STORY = [f"20{19 + k % 4}-{1 + k % 12:02d}-{10 + k % 9}" for k in range(40)]
OUTLIERS = ["0001-01-01", "1949-05", "2065", "9999-12-31"]


def items(dates: list[str]) -> list[ChartItem]:
    return [ChartItem(f"speaker {n % 3}", d, "statement", d, f"/documents/x#s-{n}", f"entry-{n}") for n, d in enumerate(dates)]


def test_dense_range_keeps_the_story_and_names_outliers():
    days = [date.fromisoformat(d) for d in STORY] + [date(1, 1, 1), date(1949, 5, 1), date(2065, 1, 1), date(9999, 12, 31)]
    scale = dense_range(days)
    assert scale.first.year == 2019 and scale.last.year == 2022
    assert [d.year for d in scale.before] == [1, 1949] and [d.year for d in scale.after] == [2065, 9999]
    assert span_label(scale.before) == "1–1949"
    assert dense_range([date(2020, 5, 1)]).first == date(2020, 5, 1), "one date is its own range"
    assert dense_range([]) is None


def test_web_chart_scales_to_the_story_and_draws_outliers_in_gutters():
    chart = build_chart(items(STORY + OUTLIERS))
    assert [g.label for g in chart.gutters] == ["1–1949", "2065–9999"] and [g.count for g in chart.gutters] == [2, 2]
    left, right = chart.gutters
    story_x = [p.x for p in chart.points if p.title in STORY]
    outlier_x = {p.title: p.x for p in chart.points if p.title in OUTLIERS}
    assert left.x + left.width < min(story_x) and max(story_x) < right.x, "the story fills the space between the gutters"
    assert max(story_x) - min(story_x) > 0.7 * (chart.plot_right - chart.plot_left), "and is not squeezed by the outliers"
    assert all(left.x <= outlier_x[d] <= left.x + left.width for d in OUTLIERS[:2])
    assert all(right.x <= outlier_x[d] <= right.x + right.width for d in OUTLIERS[2:])
    assert {label[-4:] for _, label in chart.ticks} <= {"2019", "2020", "2021", "2022", "2023"}


def test_web_chart_zoom_links_and_window():
    chart = build_chart(items(STORY), zoom_href=lambda a, b: f"/timeline?from={a}&to={b}")
    assert chart.zoom and all(z.href.startswith("/timeline?from=") for z in chart.zoom)
    bands = sorted(chart.zoom, key=lambda z: z.x)
    assert all(a.x + a.width <= b.x + 0.2 for a, b in zip(bands, bands[1:])), "bands do not overlap"
    zoomed = build_chart(items(STORY + OUTLIERS), window=(date(2020, 1, 1), date(2020, 12, 31)))
    assert zoomed.gutters == [] and zoomed.outside_window == len(STORY + OUTLIERS) - len(zoomed.points)
    assert all(t.endswith("2020") for _, t in zoomed.ticks)
    assert month_ticks(date(1, 1, 1), date(9999, 12, 31)), "ticks across the whole calendar do not overflow"


def test_timeline_picture_scales_to_the_story_with_year_1_and_9999(tmp_path):
    points = [TimelinePoint(value=d, granularity="day" if len(d) == 10 else "year", basis="stated in text",
                            label=f"statement {n}", speaker=f"speaker {n % 3}") for n, d in enumerate(STORY + OUTLIERS)]
    svg = tmp_path / "timeline.svg"
    assert render_timeline(points, str(svg), "svg", "Timeline") == len(points)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))
    assert "earlier" in " ".join(texts) and "1–1949" in " ".join(texts) and "2065–9999" in " ".join(texts)
    years = {t.strip() for t in texts if re.fullmatch(r"\s*\d{4}\s*", t)} - {"2065"}  # 2065: an outlier's own label
    assert years and years <= {str(y) for y in range(2019, 2025)}, years
    png = tmp_path / "timeline.png"
    assert render_timeline(points[-2:], str(png), "png", "Edges") == 2 and png.stat().st_size > 1000


@dataclass
class Ev:
    text: str
    outlet: str
    independent_source: str = ""


def test_reprints_and_wire_copies_collapse_into_one_card():
    wire = "The Valdorian harbour board raised the port tariff by four percent on Monday, officials said."
    evidence = [
        Ev(wire, "Porta Vel Courier"),
        Ev("A different story: the Kestranian ferry line opened to passengers.", "Halvik Daily", "Halvik Daily"),
        Ev(wire.replace("Monday", "Monday morning"), "Lisk Wire"),
        Ev(wire, "Porta Vel Courier"),
        Ev("Officials at the ministry confirmed the opening of the line.", "Eastern Post", "Halvik Daily"),
    ]
    groups = render.group_evidence(evidence)
    assert [g.lead.outlet for g in groups] == ["Porta Vel Courier", "Halvik Daily"]
    assert groups[0].outlets == ["Porta Vel Courier", "Lisk Wire"] and len(groups[0].copies) == 2
    assert groups[1].outlets == ["Halvik Daily", "Eastern Post"], "one independent source is one card"
    assert len(evidence) == 5 and evidence[2].outlet == "Lisk Wire", "the records are left as they were"


def test_the_verdict_line_and_reasons_are_not_repeated():
    reasons = ["2 independent sources support it.", "No source refutes it."]
    text = ("Verdict: Supported (confidence 0.81) for the claim \u201cThe board raised the tariff.\u201d. "
            "For it: Edda Lind in Porta Vel Courier (2024-03-05). " + " ".join(reasons))
    claim = "The board raised the tariff."
    assert render.explanation_rest(text, claim, reasons) == "For it: Edda Lind in Porta Vel Courier (2024-03-05)."
    quoted = "They said \u201cno\u201d."
    assert render.explanation_rest(f"Verdict: Refuted (confidence 0.7) for the claim \u201c{quoted}\u201d.", quoted, []) == ""


def test_pages_and_sorting():
    page = render.paginate(list(range(230)), 3, 100)
    assert page.items == list(range(200, 230)) and page.count == 3 and not page.has_next and page.has_prev
    assert render.paginate([], 5, 25).number == 1
    rows = [{"t": "beta"}, {"t": None}, {"t": "Alpha"}, {"t": "gamma"}]
    by_title = {"t": lambda r: r["t"]}
    assert [r["t"] for r in render.sort_rows(rows, by_title, "t", False)] == ["Alpha", "beta", "gamma", None]
    assert [r["t"] for r in render.sort_rows(rows, by_title, "t", True)] == ["gamma", "beta", "Alpha", None]
    assert render.sort_link("/", {"q": "x"}, "t", "t", "asc") == ("/?q=x&sort=t&order=desc", "ascending")


def test_csv_flattens_rows_and_defuses_formulas():
    text = to_csv([{"title": "=HYPERLINK(\"http://evil.example\")", "speaker": {"name": "Edda\u202e Lind"}, "roles": ["a", "b"]},
                   {"title": "Plain", "extra": 3}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["title", "speaker.name", "roles", "extra"]
    assert rows[1] == ["'=HYPERLINK(\"http://evil.example\")", "Edda Lind", "a; b", ""]
    assert rows[2] == ["Plain", "", "", "3"]


def test_a_crowded_chart_draws_clusters_that_count_their_items():
    many = [f"20{19 + k % 4}-{1 + k % 12:02d}-{1 + k % 28:02d}" for k in range(1500)]
    chart = build_chart(items(many))
    assert len(chart.points) < 600, "one dot per spot, not 1,500 stacked dots"
    assert sum(p.count for p in chart.points) == 1500, "every item is in exactly one dot"
    big = max(chart.points, key=lambda p: p.count)
    assert big.count > 1 and big.radius > 6 and big.title.startswith(f"{big.count} items, ")
