"""The PolNeAR evaluation command on a tiny fictional directory in PolNeAR's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.evaluate import polnear

TEXT = (
    "“We will win the vote,” said Senator Ivo Halvorsen.\n\n"
    "The weather was mild in Sarn on Tuesday.\n\n"
    "Analysts expect a close result, officials said.\n"
)


def _span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _write_dataset(root: Path) -> None:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "fict_2016-01-01_vote.txt").write_text(TEXT, encoding="utf-8")
    content = _span(TEXT, "We will win the vote,")
    source = _span(TEXT, "Senator Ivo Halvorsen")
    cue = _span(TEXT, "said")
    weather = _span(TEXT, "The weather was mild in Sarn")
    weather_source = _span(TEXT, "Sarn")
    ann = "\n".join(
        [
            f"T1\tContent {content[0]} {content[1]}\t{TEXT[content[0]:content[1]]}",
            f"T2\tSource {source[0]} {source[1]}\t{TEXT[source[0]:source[1]]}",
            f"T3\tCue {cue[0]} {cue[1]}\tsaid",
            "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
            f"T4\tContent {weather[0]} {weather[1]}\t{TEXT[weather[0]:weather[1]]}",
            f"T5\tSource {weather_source[0]} {weather_source[1]}\tSarn",
            "E2\tAttribution:T5 Content:T4 Source:T5",
        ]
    )
    # two annotators: the first file in name order is the one scored
    (root / "attributions" / "fict_2016-01-01_vote_aaaa.ann").write_text(ann + "\n", encoding="utf-8")
    (root / "attributions" / "fict_2016-01-01_vote_zzzz.ann").write_text("", encoding="utf-8")


def test_read_ann_links_source_cue_and_discontinuous_content() -> None:
    ann = "T1\tContent 0 5;10 15\tabcde fghij\nT2\tSource 20 22\the\nT3\tCue 23 27\tsaid\nE1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n"
    (attribution,) = polnear.read_ann(ann)
    assert attribution.content == [(0, 5), (10, 15)]
    assert attribution.source == [(20, 22)]
    assert attribution.cue == [(23, 27)]


def test_score_needs_overlapping_content_and_the_right_source_mention() -> None:
    article = polnear.Article("a", TEXT, [polnear.GoldAttribution([_span(TEXT, "We will win")], [_span(TEXT, "Ivo Halvorsen")], [])])
    right = polnear.Prediction(_span(TEXT, "win the vote"), _span(TEXT, "Senator Ivo Halvorsen"))
    wrong_source = polnear.Prediction(_span(TEXT, "win the vote"), _span(TEXT, "officials"))
    tallies = polnear.score([article, article], [[right], [wrong_source]])
    assert (tallies["all"].predicted, tallies["all"].predicted_correct) == (2, 1)
    assert (tallies["all"].gold, tallies["all"].gold_found) == (2, 1)
    assert tallies["direct"].gold == 2 and tallies["indirect"].gold == 0


def test_command_prints_scores_for_each_slice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_dataset(tmp_path)
    assert polnear.main([str(tmp_path), "--no-baseline"]) == 0
    out = capsys.readouterr().out
    assert "1 articles, 2 attributions with a source" in out
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in out.splitlines() if line.startswith("claimtrace ")}
    precision, recall = float(rows[("claimtrace", "direct")][0]), float(rows[("claimtrace", "direct")][1])
    assert precision == 1.0 and recall == 1.0  # the quote and its named speaker
    assert float(rows[("claimtrace", "indirect")][1]) == 0.0  # 'the weather' is no one's statement


def test_command_rejects_a_directory_without_the_layout(tmp_path: Path) -> None:
    assert polnear.main([str(tmp_path)]) == 2


def test_textacy_baseline_runs_on_the_same_parse(tmp_path: Path) -> None:
    pytest.importorskip("textacy")
    from claimtrace.nlp.pipeline import load_nlp

    doc = load_nlp()(TEXT)
    predictions, refused = polnear.textacy_predictions([doc])
    assert refused == 0
    assert [TEXT[p.content[0] : p.content[1]] for p in predictions[0]] == ["“We will win the vote,”"]


def test_strict_score_needs_the_exact_source_and_content_within_two_tokens() -> None:
    gold = polnear.GoldAttribution([_span(TEXT, "We will win the vote,")], [_span(TEXT, "Senator Ivo Halvorsen")], [])
    article = polnear.Article("a", TEXT, [gold])
    exact = polnear.Prediction(_span(TEXT, "“We will win the vote,”"), _span(TEXT, "Senator Ivo Halvorsen"))  # marks: 1 token each side
    short_source = polnear.Prediction(_span(TEXT, "We will win the vote,"), _span(TEXT, "Ivo Halvorsen"))
    short_content = polnear.Prediction(_span(TEXT, "We will"), _span(TEXT, "Senator Ivo Halvorsen"))  # 4 tokens short
    for prediction, strict_hit in ((exact, 1), (short_source, 0), (short_content, 0)):
        lenient = polnear.score([article], [[prediction]])["all"]
        strict = polnear.score([article], [[prediction]], strict=True)["all"]
        assert (lenient.predicted_correct, lenient.gold_found) == (1, 1)  # lenient: overlaps are enough
        assert (strict.predicted_correct, strict.gold_found) == (strict_hit, strict_hit)
    with_stop = polnear.Prediction(_span(TEXT, "We will win the vote,"), _span(TEXT, "Senator Ivo Halvorsen."))
    assert polnear.score([article], [[with_stop]], strict=True)["all"].gold_found == 0  # only spaces and 's are forgiven


def test_command_prints_a_strict_row_beside_each_lenient_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_dataset(tmp_path)
    assert polnear.main([str(tmp_path), "--no-baseline"]) == 0
    systems = [" ".join(line.split()[:-6]) for line in capsys.readouterr().out.splitlines() if line.startswith("claimtrace")]
    assert systems == ["claimtrace"] * 3 + ["claimtrace strict"] * 3
