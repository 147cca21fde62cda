"""The TimeML evaluation command, on a small fictional TimeML directory."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrace.evaluate import timeml

WIRE = Path(__file__).parent / "fixtures" / "time" / "timeml"


def test_reader_recovers_offsets_dct_and_only_date_timexes():
    documents = timeml.load_directory(WIRE)
    assert [d.name for d in documents] == ["VAL20221213.0001", "VAL20230102.0002"]
    first = documents[0]
    assert first.dct == "2022-12-13"
    assert [(g.text, g.value) for g in first.dates] == [
        ("Monday", "2022-12-12"),
        ("February 4", "2022-02-04"),
        ("1969", "1969"),
        ("last month", "2022-11"),
        ("now", "PRESENT_REF"),
    ]
    for gold in first.dates:
        assert first.text[gold.start : gold.end] == gold.text
    assert "<TIMEX3" not in first.text and "three days" in first.text


def test_gold_forms_and_comparison_rules():
    assert timeml.gold_form("1998-10-23TNI") == "day (time of day dropped)"
    assert timeml.comparable_gold("1998-10-23TNI") == "1998-10-23"
    assert timeml.comparable_gold("2000-W7") == "2000-W07"
    assert timeml.comparable_gold("198X") == "198"
    assert timeml.gold_form("1998-Q3") == "quarter"
    assert timeml.truncated_match("1998-10-23", "1998-10")
    assert not timeml.truncated_match("1998-10", "1998-10-23")
    assert not timeml.truncated_match("1998-W40", "1998")


def test_evaluation_scores_system_and_baseline_side_by_side():
    report, judgements = timeml.evaluate(timeml.load_directory(WIRE), use_spacy=False)
    core, everything = report.tallies["core"], report.tallies["all"]
    assert (core.n, core.system) == (5, 5)
    assert (everything.n, everything.system) == (8, 7)  # "the spring" vs gold 2023-XX is counted wrong
    assert core.baseline < core.system
    assert core.baseline_truncated >= core.baseline
    assert report.detection["gold"] == 8
    spring = next(j for j in judgements if j.text == "the spring")
    assert spring.form == "underspecified (X)" and spring.system != spring.gold


def test_command_prints_the_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "timeml.json"
    assert timeml.main([str(WIRE), "--no-spacy", "--errors", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "claimtrace" in printed and "search_dates" in printed and "core" in printed
    payload = json.loads(out.read_text())
    assert payload["tallies"]["core"]["n"] == 5
    assert len(payload["judgements"]) == 8


def test_command_refuses_a_missing_directory(tmp_path):
    assert timeml.main([str(tmp_path / "missing")]) == 2
    assert timeml.main([str(tmp_path)]) == 2
