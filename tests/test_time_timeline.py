"""The timeline: selection, text/JSON output, and a picture that is a real, countable plot."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
from PIL import Image

from claimtrace.time.resolve import StatementDate
from claimtrace.time.timeline import (
    PNG_COUNT_KEY,
    POINT_GID_PREFIX,
    TimelinePoint,
    format_text,
    parse_date_bound,
    render_timeline,
    select_points,
    to_json,
)


def point(value, label, speaker=None, basis="stated in text", document="orvik-daily", **kw) -> TimelinePoint:
    from claimtrace.time.calendar import granularity_of

    return TimelinePoint(value, granularity_of(value), basis, label, text=label, speaker=speaker, document=document, **kw)


@pytest.fixture()
def points() -> list[TimelinePoint]:
    return [
        point("2022-02-04", "Velk and Ardin sign the grain accord", "Mara Velk"),
        point("2022-11", "Reports of a secret defence pact emerge", None, document="kestria-times"),
        point("2022-12-12", "Ardin denies any military alliance", "Tomas Ardin"),
        point("2022-12-13", "Velk says the pact is purely defensive", "Mara Velk", basis="publication upper bound"),
        point("2001", "The border treaty is signed", None, document="kestria-times"),
        point("2019-10-03", "Velk speaks of allied relations", "Mara Velk", estimated_base=True),
        point(None, "An undated remark about the alliance", "Ilse Norrow", basis="unknown"),
    ]


def test_select_orders_by_date_and_drops_undated(points):
    chosen = select_points(points)
    assert [p.value for p in chosen] == ["2001", "2019-10-03", "2022-02-04", "2022-11", "2022-12-12", "2022-12-13"]


def test_select_filters(points):
    assert {p.label for p in select_points(points, speaker="velk")} == {
        "Velk and Ardin sign the grain accord",
        "Velk says the pact is purely defensive",
        "Velk speaks of allied relations",
    }
    assert [p.value for p in select_points(points, date_from="2022", date_to="2022-11")] == ["2022-02-04", "2022-11"]
    # A month-precise point overlaps a bound inside its month.
    assert [p.value for p in select_points(points, date_from="2022-11-20", date_to="2022-11-30")] == ["2022-11"]
    assert [p.value for p in select_points(points, about="defence pact")] == ["2022-11"]


def test_parse_date_bound_rejects_garbage():
    assert str(parse_date_bound("2022-11", end=True)) == "2022-11-30"
    with pytest.raises(ValueError):
        parse_date_bound("last tuesday")


def test_text_and_json_output_say_how_each_date_is_known(points):
    chosen = select_points(points)
    text = format_text(chosen)
    assert "2022-12-13 (day, published by then)" in text
    assert "publication date estimated" in text
    assert "[orvik-daily]" in text
    data = json.loads(json.dumps(to_json(chosen)))
    assert [d["value"] for d in data] == [p.value for p in chosen]
    assert data[0]["basis"] == "stated in text"


def test_from_statement_date_keeps_the_grounds():
    when = StatementDate("2022-12-12", "day", "stated in text", "on Monday", False)
    p = TimelinePoint.from_statement_date(when, "Ardin denies", speaker="Tomas Ardin", document="orvik-daily")
    assert (p.value, p.basis, p.expression_text, p.speaker) == ("2022-12-12", "stated in text", "on Monday", "Tomas Ardin")


def test_png_is_a_valid_image_with_one_marker_per_dated_point(points, tmp_path):
    path = tmp_path / "timeline.png"
    drawn = render_timeline(points, str(path), "png", "Valdoria and Kestrania")
    assert drawn == 6
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size[0] >= 1200 and image.size[1] >= 400
        assert image.info[PNG_COUNT_KEY] == "6"
        assert image.info["Title"] == "Valdoria and Kestrania"


def test_svg_has_one_identified_marker_per_dated_point(points, tmp_path):
    path = tmp_path / "timeline.svg"
    drawn = render_timeline(points, str(path), "svg", "Valdoria and Kestrania")
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg")
    ids = [el.get("id") for el in root.iter() if (el.get("id") or "").startswith(POINT_GID_PREFIX)]
    assert len(ids) == drawn == 6
    content = path.read_text()
    # Lanes are the speakers, and labels are drawn as text.
    assert "Mara Velk" in content and "Tomas Ardin" in content
    assert "Velk and Ardin sign the grain accord" in content


def test_lanes_fall_back_to_documents_without_speakers(tmp_path):
    events = [point("2021-08", "Joint exercise", None, document="a"), point("2021-09-10", "Drills end", None, document="b")]
    path = tmp_path / "events.svg"
    assert render_timeline(events, str(path), "svg", "Events", lanes="auto") == 2
    text = path.read_text()
    assert ">a<" in text and ">b<" in text and ">document<" in text


def test_empty_timeline_still_renders(tmp_path):
    path = tmp_path / "empty.png"
    assert render_timeline([], str(path), "png", "Nothing yet") == 0
    with Image.open(path) as image:
        image.verify()


def test_unknown_format_is_refused(points, tmp_path):
    with pytest.raises(ValueError):
        render_timeline(points, str(tmp_path / "t.pdf"), "pdf", "x")  # type: ignore[arg-type]


def test_timeline_output_dispatches_on_format(points, tmp_path):
    from claimtrace.time.timeline import timeline_output

    text = timeline_output(points, "text", speaker="ardin")
    assert "Ardin denies any military alliance" in text and "Velk" not in text.split(":", 1)[0]
    data = json.loads(timeline_output(points, "json", date_from="2022-12"))
    assert [d["value"] for d in data] == ["2022-12-12", "2022-12-13"]
    message = timeline_output(points, "svg", path=str(tmp_path / "t.svg"), title="t")
    assert message.startswith("6 dated points")
    with pytest.raises(ValueError):
        timeline_output(points, "png")


def test_axis_ends_with_the_story_and_labels_near_the_end_go_left(tmp_path):
    """A story from mid-2019 to December 2022 with long labels: the axis is not stretched years past
    its last date to make room for text (the seeds' picture ran to 2025); late labels end at their point."""
    story = [point(f"20{19 + k % 4}-{1 + (k * 5) % 12:02d}-1{k % 9}", f"Minister Arvo Keld of Sarnia said the pact {k} "
                   "would be renewed every year", f"speaker {k % 4}") for k in range(24)]
    story.append(point("2022-12-13", "Sarnia and Velmora deny any military alliance in a joint note", "Ona Brask"))
    path = tmp_path / "story.svg"
    assert render_timeline(story, str(path), "svg", "Sarnia") == len(story)
    content = path.read_text(encoding="utf-8")
    years = {t.strip() for t in re.findall(r"<text[^>]*>\s*(\d{4})\s*</text>", content)}
    assert years and max(years) <= "2023" and min(years) >= "2019", years
    late = re.search(r"<text[^>]*>2022-12-13: Sarnia and Velmora deny[^<]*</text>", content)
    assert late and "text-anchor: end" in late.group(0).replace(":end", ": end")
    early = re.search(r"<text[^>]*>2019-01-10: Minister Arvo Keld[^<]*</text>", content)
    assert early and "text-anchor: end" not in early.group(0).replace(":end", ": end")
