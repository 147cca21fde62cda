"""Quotes and speakers through ingest, the store and the service, as `claimtrace quotes/speakers` show them."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace import views
from claimtrace.errors import UserError
from claimtrace.service import Workbench

FIRST = """Valdoria rules out alliance

By Anna Petrov | 2024-03-06

Kestranian Defence Minister Tomas Reyvik said on Monday that an alliance with Valdoria was "unthinkable".
"We will not sign any pact," he told reporters in Halvik.
A senior official who asked not to be named said a secret annex existed.
"""

SECOND = """Reyvik changes course

By Lena Orr | 2024-11-04

Reyvik said the two governments had signed a defence treaty and would publish it in full.
"""


def test_quotes_are_stored_with_offsets_speakers_and_dates(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "one.txt").write_text(FIRST, encoding="utf-8")
    workbench.ingest([str(tmp_path / "one.txt")])
    quotes = workbench.quotes()
    doc = workbench.document(workbench.documents()[0].id)
    assert quotes, "no quotes extracted"
    for q in quotes:
        assert doc.text[q.content_start:q.content_end] == q.text
        assert doc.text[q.speaker_start:q.speaker_end] == q.speaker_text
    by_speaker = {q.speaker_name: q for q in quotes}
    assert "Tomas Reyvik" in by_speaker
    pronoun = [q for q in quotes if q.speaker_text.lower() == "he"]
    assert pronoun and pronoun[0].speaker_name == "Tomas Reyvik" and "will not sign" in pronoun[0].text
    anonymous = [q for q in quotes if q.speaker_type == "anonymous"]
    assert anonymous and "secret annex" in anonymous[0].text
    monday = [q for q in quotes if "unthinkable" in q.text][0]
    assert monday.said_on == "2024-03-04"  # the Monday before Wednesday 6 March
    assert monday.said_on_basis == "stated in text"


def test_the_same_speaker_keeps_one_id_across_ingest_runs(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "one.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "two.txt").write_text(SECOND, encoding="utf-8")
    workbench.ingest([str(tmp_path / "one.txt")])
    workbench.ingest([str(tmp_path / "two.txt")])
    reyvik = [s for s in workbench.speakers() if s.canonical_name == "Tomas Reyvik"]
    assert len(reyvik) == 1 and reyvik[0].documents == 2
    quotes = workbench.quotes(speaker="Reyvik")
    assert {q.doc_id for q in quotes} == {d.id for d in workbench.documents()}
    assert [q.said_on for q in quotes] == sorted(q.said_on for q in quotes)
    payload = views.quotes(quotes)
    assert payload["schema"] == "claimtrace.quotes" and payload["quotes"][0]["speaker"]["id"] == reyvik[0].id


def test_quote_filters_and_errors(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "one.txt").write_text(FIRST, encoding="utf-8")
    workbench.ingest([str(tmp_path / "one.txt")])
    assert all("annex" in q.text.lower() for q in workbench.quotes(about="annex"))
    assert workbench.quotes(about="annex")
    doc_id = workbench.documents()[0].id
    assert len(workbench.quotes(doc_id=doc_id)) == len(workbench.quotes())
    with pytest.raises(UserError, match="no speaker matches"):
        workbench.quotes(speaker="Nobody Atall")
    with pytest.raises(UserError, match="no document with id"):
        workbench.quotes(doc_id="ffffffff")
