"""The claim check and trace on the reference articles, judged as an analyst would (issues 5 and 6).

The seed articles live outside the repository (../shared/seeds); without them these tests skip.
"""

from __future__ import annotations

import pytest

from claimtrace.service import Workbench

from conftest import SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory):
    with Workbench(tmp_path_factory.mktemp("seeds") / "seeds.db") as bench:
        report = bench.ingest([str(SEEDS)])
        assert len(report.ingested) == 5
        yield bench


def test_the_secret_pact_rumour_is_never_supported(seeds: Workbench) -> None:
    result = seeds.check("Russia and China have signed a secret mutual defense pact")
    assert result.verdict.label != "Supported"


def test_formal_alliance_is_refuted(seeds: Workbench) -> None:
    # The defence ministry and the experts quoted deny it; "lack of a formal alliance" is not support.
    result = seeds.check("China and Russia have a formal military alliance")
    assert result.verdict.label == "Refuted"


def test_zapad_participation_is_refuted_by_the_stated_absence(seeds: Workbench) -> None:
    result = seeds.check("China took part in the Zapad 2021 exercises")
    assert result.verdict.label == "Refuted"
    assert any("Zapad" in e.text for e in result.evidence_against)


def test_trace_finds_one_source_behind_the_rumour(seeds: Workbench) -> None:
    trace = seeds.trace("Russia and China signed a secret mutual defense pact").provenance
    carrying = trace.carrying_sources()
    assert len(carrying) == 1
    origins = {o.node.key for o in trace.origins}
    assert "person:owen-matthews" in origins or "anonymous:person:owen-matthews/source" in origins
    on_chains = {key for chain in trace.chains for key in chain.nodes}
    assert {"outlet:washington-post", "person:owen-matthews"} <= on_chains


@pytest.mark.xfail(strict=True, reason=(
    "issue 13: the verifier reads the relayed clause ('he secretly signed an agreement with Chinese President "
    "Xi Jinping that their countries would help each other militarily') at P(supports) 0.29 when the pair is "
    "judged alone; it passed only while int8 batch-mates pushed it over 0.5 (batches were replaced by one pair a run)"
))
def test_trace_follows_the_rumour_through_russian_matters(seeds: Workbench) -> None:
    trace = seeds.trace("Russia and China signed a secret mutual defense pact").provenance
    assert "outlet:russian-matters" in {key for chain in trace.chains for key in chain.nodes}


def test_another_story_in_the_same_corpus_is_never_evidence(tmp_path_factory: pytest.TempPathFactory) -> None:
    """With the fictional demo corpus beside the seeds, no Valdoria/Kestrania sentence judges a Russia-China claim."""
    from conftest import DEMO_CORPUS

    with Workbench(tmp_path_factory.mktemp("mixed") / "mixed.db") as bench:
        bench.ingest([str(SEEDS), str(DEMO_CORPUS)])
        demo_docs = {d.id for d in bench.documents() if str(DEMO_CORPUS.name) in d.source or "demo_corpus" in d.source}
        assert len(demo_docs) == 12
        result = bench.check("Russia and China have signed a secret mutual defense pact")
        counted = [e for e in result.evidence if e.weight > 0 or e.stance != "neutral"]
        assert counted, "the seeds' own sentences should still be judged"
        assert not [e.text for e in counted if e.doc_id in demo_docs]
        assert result.verdict.label != "Supported"
        assert not any("Valdori" in s or "Kestran" in s for s in result.verdict.supporting_sources + result.verdict.refuting_sources)
