"""The claim check end to end on the fictional demo corpus (real store, real models)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimtrace import views
from claimtrace.errors import UserError
from claimtrace.evaluate.claims import read_answer_key
from claimtrace.report.html import check_html
from claimtrace.report.markdown import check_markdown
from claimtrace.service import Workbench

from conftest import BACKENDS, DEMO_CORPUS, new_store_url

ANSWER_KEY = DEMO_CORPUS.parent / "CLAIMS.md"


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with Workbench(new_store_url(request, request.param, tmp_path_factory.mktemp("check"), "demo.db")) as bench:
        report = bench.ingest([str(DEMO_CORPUS)])
        assert len(report.ingested) == 12
        yield bench


def test_echoed_anonymous_rumour_is_never_supported(demo: Workbench) -> None:
    for claim in ["Valdoria and Kestrania signed a secret mutual defence pact in March 2023.",
                  "An unpublished annex to the Halvik memorandum commits each republic to defend the other.",
                  "Several independent sources have confirmed a secret Valdoria–Kestrania defence pact."]:
        assert demo.check(claim).verdict.label != "Supported", claim


@pytest.mark.xfail(reason='issue 13: the trained verifier (694c092) misses this fixture claim; the retired claim_match rules were written from it. Kept as a known miss, see the stop note', strict=False)
def test_official_denials_are_found_as_what_was_said(demo: Workbench) -> None:
    result = demo.check("The Kestranian foreign ministry denied that a secret pact with Valdoria exists.")
    assert result.verdict.label == "Supported"
    assert any(re.search(r"\b(denied|rejected)\b", e.text) for e in result.evidence_for)


@pytest.mark.xfail(reason='issue 13: the trained verifier (694c092) misses this fixture claim; the retired claim_match rules were written from it. Kept as a known miss, see the stop note', strict=False)
def test_negated_evidence_refutes_an_affirmative_claim(demo: Workbench) -> None:
    result = demo.check("Tomas Reyvik attended the signing of the Halvik memorandum in March 2023.")
    assert result.verdict.label == "Refuted"
    assert any("did not attend" in e.text for e in result.evidence_against)


def test_as_of_uses_only_what_was_published_by_then(demo: Workbench) -> None:
    late = demo.check("Valdoria and Kestrania have signed a mutual defence treaty.", as_of="2024-06-30")
    assert all(e.published and e.published <= "2024-06-30" for e in late.evidence)
    assert late.excluded_after_as_of > 0
    assert late.verdict.label != "Supported"
    now = demo.check("Valdoria and Kestrania have signed a mutual defence treaty.", as_of="2025-01-31")
    assert any(e.published and e.published > "2024-06-30" for e in now.evidence)


def test_every_evidence_item_cites_a_stored_sentence(demo: Workbench) -> None:
    result = demo.check("The Valdorian National Assembly ratified the defence treaty by 112 votes to 41.")
    assert result.verdict.label == "Supported"
    for e in result.evidence_for + result.evidence_against:
        doc = demo.document(e.doc_id)
        assert doc.sentences[e.sentence_index].text == e.text
        assert e.source and e.stance in {"supports", "refutes"}
    payload = views.check_result(result)
    assert payload["schema"] == "claimtrace.check" and payload["verdict"]["label"] == "Supported"
    assert payload["evidence_for"][0]["document"]["id"] == result.evidence_for[0].doc_id
    # Every judged sentence shows the model's three probabilities and the rules that changed its label.
    for item in payload["evidence"]:
        probs = item["model_probabilities"]
        assert set(probs) == {"supports", "refutes", "neutral"} and abs(sum(probs.values()) - 1) < 0.01
        assert isinstance(item["rules_fired"], list)
        if not item["rules_fired"]:
            assert item["stance"] == max(probs, key=probs.get)


def test_reports_are_readable_and_inert(demo: Workbench) -> None:
    result = demo.check("Valdoria and Kestrania signed a secret mutual defence pact in March 2023.")
    md = check_markdown(result)
    assert md.startswith("# Claim check:") and "## Evidence against" in md and "## Positions over time" in md
    html = check_html(result)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']https?://""", html)  # self-contained
    assert result.verdict.label in html


def test_bad_claims_and_dates_are_user_errors(demo: Workbench) -> None:
    with pytest.raises(UserError, match="too short"):
        demo.check("pact")
    with pytest.raises(UserError, match="not a date"):
        demo.check("Valdoria signed a treaty", as_of="31/12/2024")


# Measured at 694c092 (the verifier model, no fixture rules): 12 of 27; 14 once a negated claim is asked
# in its positive form (judge.swaps_labels). The old claim-matching rules got 27 because they were written
# from this file's misses; they are retired (issue 13). A gate, not a goal. The held-out key
# (CLAIMS_HELDOUT.md, never tuned on): 3 of 10 at 694c092, 4 with the positive form.
ANSWER_KEY_FLOOR = 14
HELDOUT_FLOOR = 4


def test_answer_key_regression_floor(demo: Workbench) -> None:
    """The verdicts fixed in CLAIMS.md before any run: no fewer right than when the verifier came in."""
    claims = read_answer_key(ANSWER_KEY)
    assert len(claims) >= 15
    right = sum(
        (got := demo.check(c.claim, c.as_of).verdict.label) == c.expected or got in c.also for c in claims
    )
    assert right >= ANSWER_KEY_FLOOR, f"{right}/{len(claims)} verdicts right"


def test_heldout_answer_key_regression_floor(demo: Workbench) -> None:
    """The held-out key, written after the rules and never tuned on: a regression on it fails the run."""
    claims = read_answer_key(ANSWER_KEY.with_name("CLAIMS_HELDOUT.md"))
    assert len(claims) == 10
    right = sum(
        (got := demo.check(c.claim, c.as_of).verdict.label) == c.expected or got in c.also for c in claims
    )
    assert right >= HELDOUT_FLOOR, f"{right}/{len(claims)} held-out verdicts right"


def test_claim_start_reads_the_claims_own_time_not_a_name() -> None:
    from datetime import date

    from claimtrace.verify.frame import parse_claim

    def claim_start(claim: str):
        return parse_claim(claim).starts

    assert claim_start("Valdoria and Kestrania signed a secret pact in March 2023.") == date(2023, 3, 1)
    assert claim_start("The treaty was signed in Halvik on 31 October 2024.") == date(2024, 10, 31)
    assert claim_start("Valdoria has published the full text of the March 2023 memorandum.") is None
    assert claim_start("Valdoria and Kestrania have signed a mutual defence treaty.") is None
