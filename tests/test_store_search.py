"""Full-text search ranks a bounded candidate set past ``candidate_cap`` matches, on SQLite and PostgreSQL.

The corpus is bulk-loaded (``Store.bulk_load``, no NLP): many sentences holding the common words
"river" and "bridge", a few holding the rare words too, and one holding all of them.
"""

from __future__ import annotations

import pytest

from claimtrace.records import content_hash
from claimtrace.store import open_store
from claimtrace.store.sql import query_words

QUERY = "river bridge flooded quarantine lighthouse"
BEST = "The river flooded the bridge near the quarantine lighthouse."


def corpus() -> list[str]:
    texts = [f"Sentence {i} about the river and the bridge, number {i}." for i in range(240)]
    texts += [f"The quarantine station {i} stood by the river." for i in range(12)]
    texts += [f"A lighthouse {i} was flooded." for i in range(12)]
    texts.insert(131, BEST)
    return texts


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        load(s, corpus())
        yield s


def load(store, texts: list[str], per_document: int = 40) -> None:
    """Bulk-load ``texts`` as documents of ``per_document`` sentences, no NLP, then optimize."""
    documents, sentences = [], []
    for start in range(0, len(texts), per_document):
        chunk = texts[start : start + per_document]
        body = "\n".join(chunk)
        digest = content_hash(body)
        documents.append((digest[:12], digest, f"synthetic/{start}", "txt", None, None, None, "unknown", None, body,
                          len(body.split())))
        position = 0
        for i, text in enumerate(chunk):
            sentences.append((digest[:12], i, position, position + len(text), 0, text))
            position += len(text) + 1
    store.bulk_load([(documents, sentences, [])], "none")
    store.optimize()


def test_search_past_the_cap_ranks_only_a_bounded_candidate_set(store) -> None:
    words = query_words(QUERY)
    store.candidate_cap = None
    exact = store.search_sentences(QUERY, 10)
    assert exact[0].sentence.text == BEST
    assert store.candidates(words, 1000, 10) is None  # under the cap every match is ranked, as before
    found = store.candidates(words, 30, 10)
    assert found is not None
    ids, frequency = found
    assert 10 <= len(ids) <= 30 and frequency["river"] > frequency["lighthouse"]
    store.candidate_cap = 30
    bounded = store.search_sentences(QUERY, 10)
    assert bounded[0].sentence.text == BEST  # the sentence holding every word is a candidate
    assert bounded[0].context_after and bounded[0].document.id == exact[0].document.id
    assert len(bounded) == 10 and {h.sentence.id for h in bounded} <= set(ids)


def test_sqlite_scores_candidates_as_fts5_bm25_does(store) -> None:
    if not hasattr(store, "path"):
        pytest.skip("SQLite's BM25: PostgreSQL ranks the candidates in SQL with the exact ranking's expression")
    store.candidate_cap = None
    exact = {h.sentence.id: h.score for h in store.search_sentences(QUERY, 400)}
    store.candidate_cap = 300  # above every word's matches (read whole): the document frequencies are exact
    bounded = store.search_sentences(QUERY, 400)
    assert len(bounded) == min(300, len(exact))
    for h in bounded:
        assert h.score == pytest.approx(exact[h.sentence.id], rel=1e-9)


def test_a_query_word_no_sentence_holds_does_not_empty_the_bounded_search(store) -> None:
    query = "lighthouse flooded grenadiers marched"  # the last two are in no sentence (rarer than any word that is)
    store.candidate_cap = None
    exact = store.search_sentences(query, 5)
    assert exact and "lighthouse" in exact[0].sentence.text.lower()
    store.candidate_cap = 10
    found = store.candidates(query_words(query), 10, 5)
    assert found is not None and found[0]
    assert "grenadiers" not in found[1] or found[1]["grenadiers"] == 0
    bounded = store.search_sentences(query, 5)
    assert [h.sentence.id for h in bounded][:1] == [exact[0].sentence.id]


def test_the_bounded_search_finds_the_sentence_holding_most_words_without_the_rarest(store) -> None:
    """PostgreSQL ranks by how many of the query's words a sentence holds; its candidates are taken in
    that order (all the words, then all but one, ...), so a sentence holding most of them is found even when
    it lacks the rarest ("station", which 12 others hold with "river" alone): the three-rarest passes alone
    took those 12 and missed it. SQLite weighs words by rarity (BM25); on both, the bounded search's best is
    the full ranking's."""
    query = "river bridge flooded station lighthouse"
    store.candidate_cap = None
    exact = store.search_sentences(query, 5)
    store.candidate_cap = 10
    bounded = store.search_sentences(query, 5)
    assert [h.sentence.id for h in bounded][:1] == [exact[0].sentence.id]
    if not hasattr(store, "path"):
        assert exact[0].sentence.text == BEST  # river, bridge, flooded, lighthouse: four of the five
        found = store.candidates(query_words(query), 10, 5)
        assert found is not None and exact[0].sentence.id in found[0]


def test_the_bounded_search_weighs_length_as_bm25_does(store_url: str) -> None:
    """Forty long sentences and one short one hold the same two words; BM25 puts the short one first. Past the
    cap, candidates taken by the words' weights alone are the lowest ids (all long), so the short one was missed;
    SQLite's candidates are weighed by length too. (PostgreSQL counts the words first: no length weighing.)"""
    texts = [f"Report {i}: the harbour crane stood idle through a long and very windy night on the eastern quay." for i in range(40)]
    texts.insert(15, "The harbour crane stood idle.")  # past the cap of 5, inside the 25 read for length
    with open_store(store_url) as s:
        load(s, texts, per_document=len(texts))
        s.candidate_cap = None
        exact = s.search_sentences("harbour crane", 3)
        s.candidate_cap = 5  # 41 matches: past the cap
        bounded = s.search_sentences("harbour crane", 3)
        if hasattr(s, "path"):
            assert exact[0].sentence.text == "The harbour crane stood idle."
            assert bounded[0].sentence.id == exact[0].sentence.id
        else:
            assert s.length_factor(10, 50) is None
