"""The seed articles (read at run time from ../shared/seeds; skipped where absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.records import PublicationDate
from claimtrace.time.expressions import find_time_expressions
from claimtrace.time.resolve import estimate_publication_date

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def nlp():
    from claimtrace.nlp.pipeline import load_nlp

    return load_nlp()


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def values_of(text: str, phrase: str, publication: PublicationDate, nlp) -> set[tuple[str | None, str | None]]:
    found = find_time_expressions(text, publication, nlp(text))
    return {(e.value, e.granularity) for e in found if e.text == phrase}


def test_seed_000_february_4_against_its_stated_date(nlp):
    stated = PublicationDate("2022-12-13", "stated", "day", "credit line 13-12-2022")
    assert values_of(seed("000"), "February 4", stated, nlp) == {("2022-02-04", "day")}


def test_seed_001_is_estimated_and_october_3_resolves(nlp):
    text = seed("001")
    estimate = estimate_publication_date(text)
    assert estimate.source == "estimated" and estimate.granularity == "day"
    assert estimate.value == "2019-10-18"
    assert "June 2019" in estimate.evidence and "October 18" in estimate.evidence
    found = [e for e in find_time_expressions(text, estimate, nlp(text)) if e.text == "October 3"]
    assert [(e.value, e.estimated_base) for e in found] == [("2019-10-03", True)]


def test_seed_003_full_date(nlp):
    stated = PublicationDate("2021-10-02", "stated", "day", "dateline Oct 02, 2021")
    assert values_of(seed("003"), "August 1, 2021", stated, nlp) == {("2021-08-01", "day")}


def test_seed_004_has_no_estimate():
    estimate = estimate_publication_date(seed("004"))
    assert (estimate.value, estimate.source) == (None, "unknown")
