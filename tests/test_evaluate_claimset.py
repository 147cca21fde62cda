"""``python -m claimtrace.evaluate claimset``: the scoring arithmetic, both claim-file shapes, and one real run.

The claims and articles here are invented for this test (never the blind claim files of examples/).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrace.evaluate import claimset
from claimtrace.evaluate.claimset import read_claims, score

S, R, N, C = "Supported", "Refuted", "Not enough evidence", "Conflicting"


def test_score_counts_acceptable_verdicts_right_and_conflicting_wrong() -> None:
    gold = [S, R, N, R]
    predicted = [S, C, R, R]
    also = [(), (), (R,), ()]
    s = score(gold, predicted, also)
    assert s.right_by_item == (True, False, True, True)
    assert (s.n, s.right, s.accuracy) == (4, 3, 0.75)
    # Rows are the gold verdicts present, columns add what was predicted besides; verdicts as given.
    assert s.labels == (S, R, N)
    assert s.columns == (S, R, N, C)
    assert s.confusion == [[1, 0, 0, 0], [0, 1, 0, 1], [0, 1, 0, 0]]
    # F1 counts item 3's acceptable Refuted as Not enough evidence: S 1.0, R P=1 R=1/2, N 1.0.
    assert s.per_class[S]["f1"] == 1.0
    assert s.per_class[R]["precision"] == 1.0 and s.per_class[R]["recall"] == 0.5
    assert s.per_class[R]["f1"] == pytest.approx(2 / 3)
    assert s.per_class[N]["f1"] == 1.0
    assert s.macro_f1 == pytest.approx((1 + 2 / 3 + 1) / 3)


def test_score_without_acceptable_verdicts_is_plain_accuracy_and_macro_f1() -> None:
    # Always answering Refuted: right on the two Refuted items only; F1 is 0 for the classes never predicted.
    s = score([R, R, S, N], [R, R, R, R])
    assert s.accuracy == 0.5
    assert s.per_class[R]["precision"] == 0.5 and s.per_class[R]["recall"] == 1.0
    assert s.macro_f1 == pytest.approx((2 / 3 + 0 + 0) / 3)
    assert s.confusion == [[0, 1, 0], [0, 2, 0], [0, 1, 0]]  # rows S, R, N in VERDICTS order
    assert s.labels == (S, R, N)


def test_score_rejects_lists_of_different_length() -> None:
    with pytest.raises(ValueError):
        score([S, R], [S])


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_reads_our_shape_and_picks_one_corpus(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "X1", "claim": "The ferry runs daily.", "verdict": S, "as_of": "2025-05-31", "corpus": "ferry", "why": "a.txt"},
        {"id": "X2", "claim": "The bridge opened.", "verdict": N, "also_acceptable": [R], "as_of": None, "corpus": "bridge", "why": "b"},
    ])
    with pytest.raises(ValueError, match="several corpora"):
        read_claims(path)
    (ferry,) = read_claims(path, "ferry")
    assert (ferry.id, ferry.verdict, ferry.as_of, ferry.also_acceptable) == ("X1", S, "2025-05-31", ())
    (bridge,) = read_claims(path, "bridge")
    assert bridge.also_acceptable == (R,) and bridge.as_of is None
    with pytest.raises(ValueError, match="no claims of corpus"):
        read_claims(path, "tunnel")


def test_one_also_acceptable_verdict_may_be_written_bare(tmp_path: Path) -> None:
    """``"also_acceptable": "Not enough evidence"`` is one verdict, not a string of letters to check one by one."""
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "X1", "claim": "The bridge opened.", "verdict": S, "also_acceptable": N, "as_of": None},
    ])
    (claim,) = read_claims(path)
    assert claim.also_acceptable == (N,)


def test_reads_the_emergent_shape(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "e.jsonl", [
        {"claim_id": "abc-1", "claim": "A cat was elected mayor.", "verdict": N, "fnc1_body_ids": [1, 2]},
        {"claim_id": "abc-2", "claim": "A dog was elected mayor.", "verdict": R, "fnc1_body_ids": [3]},
    ])
    claims = read_claims(path)
    assert [(c.id, c.verdict, c.as_of, c.corpus) for c in claims] == [("abc-1", N, None, None), ("abc-2", R, None, None)]


def test_bad_lines_are_named(tmp_path: Path) -> None:
    bad_verdict = write_jsonl(tmp_path / "v.jsonl", [{"id": "1", "claim": "x happened", "verdict": "True"}])
    with pytest.raises(ValueError, match=r"v.jsonl:1: unknown verdict 'True'"):
        read_claims(bad_verdict)
    (tmp_path / "j.jsonl").write_text('{"id": "1", "claim": "x", "verdict": "Supported"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"j.jsonl:2: not JSON"):
        read_claims(tmp_path / "j.jsonl")


def test_a_real_run_over_a_tiny_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "lakeside.txt").write_text(
        "Brenholt approves ferry line\nBy Ada Morrow | Lakeside Wire\nPublished: 12 May 2025\n\n"
        "The Brenholt town council on Monday approved a ferry line across Lake Tamsin. The council voted 9 to 2.\n\n"
        "\u201cThe ferry will cut the trip to the hospital to fifteen minutes,\u201d mayor Ilka Dorn said.\n", encoding="utf-8")
    (articles / "courier.txt").write_text(
        "Ferry will cost 4 million a year\nBy Nora Vik | Tamsin Courier\nPublished: 9 May 2025\n\n"
        "The planned Brenholt ferry will cost 4 million crowns a year, council papers show.\n", encoding="utf-8")
    claims = write_jsonl(tmp_path / "claims.jsonl", [
        {"id": "T1", "claim": "The Brenholt council approved a ferry line across Lake Tamsin.", "verdict": S, "as_of": None, "corpus": "t", "why": "lakeside"},
        {"id": "T2", "claim": "The Brenholt council rejected the ferry line.", "verdict": R, "also_acceptable": [N], "as_of": None, "corpus": "t", "why": "lakeside"},
        {"id": "T3", "claim": "The ferry has carried 10,000 passengers.", "verdict": N, "as_of": None, "corpus": "t", "why": "nothing says"},
    ])
    db = tmp_path / "t.db"
    assert claimset.main([str(claims), str(articles), "--db", str(db), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["schema"] == "claimtrace.evaluate.claimset"
    assert first["run"]["documents"] == 2 and first["run"]["ingested_now"] is True
    assert [r["id"] for r in first["claims"]] == ["T1", "T2", "T3"]
    assert all(r["predicted"] in claimset.VERDICTS for r in first["claims"]), first["claims"]
    # The printed figures are the scoring function's on the printed verdicts.
    again = score([r["gold"] for r in first["claims"]], [r["predicted"] for r in first["claims"]],
                  [r["also_acceptable"] for r in first["claims"]])
    assert first["right"] == sum(r["right"] for r in first["claims"]) == again.right
    assert first["accuracy"] == round(again.accuracy, 4) and first["macro_f1"] == round(again.macro_f1, 4)
    assert first["confusion"]["matrix"] == again.confusion
    assert sum(map(sum, first["confusion"]["matrix"])) == 3
    # A database that already holds the corpus is used as it is; --limit keeps the first claims.
    assert claimset.main([str(claims), str(articles), "--db", str(db), "--limit", "1", "--format", "json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["run"]["ingested_now"] is False and second["run"]["documents"] == 2
    assert [r["id"] for r in second["claims"]] == ["T1"] and second["n"] == 1


def test_text_report_shows_the_matrix() -> None:
    text = score([S, R, N, R], [S, C, R, R], [(), (), (R,), ()]).render()
    assert "claims: 4   right: 3   accuracy: 0.750   macro-F1: 0.889" in text
    header, *rows = text.splitlines()[-4:]
    assert header.split() == ["Supp", "Ref", "NEE", "Confl"]
    assert rows[1].split() == ["Refuted", "0", "1", "0", "1"]
    assert rows[2].split() == ["Not", "enough", "evidence", "0", "1", "0", "0"]


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = write_jsonl(tmp_path / "c.jsonl", [{"id": "1", "claim": "x happened", "verdict": S, "corpus": "a"}])
    assert claimset.main([str(claims), str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert claimset.main([str(claims), str(tmp_path), "--corpus", "b"]) == 2
    assert "no claims of corpus 'b'" in capsys.readouterr().err
