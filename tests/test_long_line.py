"""One long line cannot poison a corpus (issue 16): it is never evidence and leaves the check as it was.

A text over the per-document budget (a 1 MB single line) is reported and never
stored. A single line that fits the budget is stored, parsed in pieces (so its
memory stays bounded), cut into over-long "sentences" that are all marked, and a
claim check afterwards returns exactly the JSON it returned before, its timing
aside: no evidence, position or count comes from the line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrace import views
from claimtrace.nlp.pipeline import PIECE_CHARS, load_nlp, parse, sentences_from_doc, split_for_parsing
from claimtrace.service import Workbench

from conftest import DEMO_CORPUS

CLAIM = "Valdoria and Kestrania signed a secret mutual defence pact in 2023."
# The claim's own words, with no sentence end: retrieval would rank it first if it were indexed.
SOUP = "Valdoria Kestrania signed secret mutual defence pact 2023 treaty alliance "


def _check_json(bench: Workbench) -> str:
    payload = views.check_result(bench.check(CLAIM))
    payload.pop("timing")
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def test_a_long_single_line_is_never_evidence_and_leaves_the_check_unchanged(tmp_path: Path) -> None:
    with Workbench(tmp_path / "corpus.db") as bench:
        assert len(bench.ingest([str(DEMO_CORPUS)]).ingested) == 12
        before = _check_json(bench)
        overlong_before = bench.store.overlong_sentences()

        megabyte = tmp_path / "megabyte.txt"
        megabyte.write_text(SOUP * (1_000_000 // len(SOUP)), encoding="utf-8")
        report = bench.ingest([str(megabyte)])
        assert not report.ingested and "over the budget" in report.skipped[0].reason
        assert bench.counts()["documents"] == 12

        line = tmp_path / "line.txt"
        line.write_text(SOUP * 900, encoding="utf-8")  # 66k characters, 9,000 words: within the budget
        report = bench.ingest([str(line)])
        assert len(report.ingested) == 1
        detail = bench.document(report.ingested[0])
        assert len(detail.sentences) >= 30
        assert bench.store.overlong_sentences() - overlong_before == len(detail.sentences)  # every piece marked
        after = _check_json(bench)

    assert report.ingested[0] not in after
    assert "Valdoria Kestrania signed secret" not in after
    assert after == before


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\n" + "The ministry said on Monday that talks on the pact would resume in Halvik.\n" * 400,
        "The ministry said talks would resume. " * 800,  # one line of prose: cut after sentence ends
    ],
)
def test_a_long_text_is_parsed_in_pieces_with_the_same_sentences(text: str) -> None:
    pieces = split_for_parsing(text)
    assert len(pieces) > 2 and "".join(pieces) == text and max(map(len, pieces)) <= PIECE_CHARS
    whole, joined = load_nlp()(text), parse(text)
    assert joined.text == text
    spans = [(s.start, s.end, s.overlong) for s in sentences_from_doc(joined)]
    assert spans == [(s.start, s.end, s.overlong) for s in sentences_from_doc(whole)]
    assert [(e.start_char, e.label_) for e in joined.ents] == [(e.start_char, e.label_) for e in whole.ents]


def test_a_run_cut_between_pieces_stays_marked_over_long() -> None:
    text = "Title\n\n" + "treaty secret pact Valdoria " * 1_431 + "\n\nThe talks resume on Monday.\n"
    pieces = split_for_parsing(text)  # the run has no line break or sentence end: cut at spaces
    assert len(pieces) > 3 and pieces[-1].index("\n") < 200  # the last piece opens with a short rest of the run
    sentences = sentences_from_doc(parse(text))
    run = [s for s in sentences if "treaty secret" in s.text]
    assert run and all(s.overlong for s in run)
    assert [s.text for s in sentences if not s.overlong] == ["Title", "The talks resume on Monday."]
