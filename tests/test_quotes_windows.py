"""The trained attribution tagger reads only the sentences that could hold an attribution."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import extract_quotes, extractor

PLAIN = [
    "Boat number {n} left the quay before sunrise.",
    "Rain fell over the northern hills for most of day {n}.",
    "The ferry to island {n} ran on time.",
]
SPEECH = [
    "“Families cannot wait another winter for relief,” Finance Minister Oskar Brandt told parliament.",
    "The opposition leader, Vera Lind, argued that the cut would mostly help drivers of large cars.",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def _article() -> str:
    plain = [PLAIN[n % len(PLAIN)].format(n=n) for n in range(36)]
    return " ".join(plain[:12] + [SPEECH[0]] + plain[12:24] + [SPEECH[1]] + plain[24:])


def _quotes(doc):  # type: ignore[no-untyped-def]
    return [(q.content_start, q.content_end, q.kind, q.speaker.canonical, q.cue_start) for q in extract_quotes(doc)]


def test_the_tagger_is_asked_only_about_the_speech_sentences_and_finds_the_same_quotes(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    if not extractor.available():
        pytest.skip("no trained attribution model")
    monkeypatch.setenv("CLAIMTRACE_ATTRIBUTION", "model")  # the model's statements only, so the rules cannot hide a loss
    text = _article()
    everything = nlp(text)
    monkeypatch.setattr(extractor, "attribution_windows", lambda doc, quotes=None: np.ones(len(doc), dtype=bool))
    before = _quotes(everything)
    monkeypatch.undo()
    monkeypatch.setenv("CLAIMTRACE_ATTRIBUTION", "model")

    asked: list[str] = []
    tag_copies = extractor._tag_copies

    def recording(ner, pieces):  # type: ignore[no-untyped-def]
        asked.extend(piece.text for piece in pieces)
        return tag_copies(ner, pieces)

    def whole(ner, doc):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole document went to the tagger")

    monkeypatch.setattr(extractor, "_tag_copies", recording)
    monkeypatch.setattr(extractor, "_tag", whole)
    after = _quotes(nlp(text))

    assert [piece.strip() for piece in asked] == SPEECH
    assert after == before
    assert {speaker for _, _, _, speaker, _ in after} >= {"Oskar Brandt", "Vera Lind"}


def test_every_sentence_of_a_long_quote_is_in_the_window_and_plain_sentences_are_not(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Boat number one left the quay before sunrise. "
        "“We will rebuild the pier. The work starts in May. It ends in June,” the mayor told reporters. "
        "Rain fell over the northern hills. "
        "According to the harbour master, the tide was late. "
        "The ferry ran on time."
    )
    doc = nlp(text)
    window = extractor.attribution_windows(doc)
    read = {sent.text.strip() for sent in doc.sents if window[sent.start : sent.end].all()}
    skipped = {sent.text.strip() for sent in doc.sents if not window[sent.start : sent.end].any()}
    assert "The work starts in May." in read  # no mark and no cue: inside the quotation
    assert "According to the harbour master, the tide was late." in read
    assert skipped == {"Boat number one left the quay before sunrise.", "Rain fell over the northern hills.", "The ferry ran on time."}


def test_a_document_without_sentence_boundaries_is_read_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc("Boat number one left the quay before sunrise")
    assert extractor.attribution_windows(doc).all()
