"""The trained attribution extractor: span linking, the policies that combine it with the rules, the shipped model."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from claimtrace.evaluate import polnear
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import extract_quotes, extractor
from claimtrace.quotes.model import Quote, SpeakerMention


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def _span(doc: Doc, fragment: str, label: str, after: int = 0) -> Span:
    start = doc.text.index(fragment, after)
    span = doc.char_span(start, start + len(fragment), label=label)
    assert span is not None, fragment
    return span


def test_link_gives_each_piece_to_the_cue_of_its_sentence_and_carries_cue_less_pieces(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The minister said that taxes would rise. They will pay for the new hospitals.\n\n"
        "“We will not accept this. Not now,” the union leader told reporters."
    )
    doc = nlp(text)
    spans = [
        _span(doc, "The minister", "SOURCE"),
        _span(doc, "said", "CUE"),
        _span(doc, "that taxes would rise.", "CONTENT"),
        _span(doc, "They will pay for the new hospitals.", "CONTENT"),
        _span(doc, "“We will not accept this.", "CONTENT"),
        _span(doc, "Not now,”", "CONTENT"),
        _span(doc, "the union leader", "SOURCE"),
        _span(doc, "told", "CUE"),
    ]
    first, second = extractor.link(doc, spans)
    assert first.cue is not None and first.cue.text == "said" and first.source is not None and first.source.text == "The minister"
    assert [c.text for c in first.contents] == ["that taxes would rise.", "They will pay for the new hospitals."]
    assert second.source is not None and second.source.text == "the union leader"
    assert [c.text for c in second.contents] == ["“We will not accept this.", "Not now,”"]


def test_link_drops_a_cue_without_content(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The senator said nothing at all about the vote.")
    assert extractor.link(doc, [_span(doc, "The senator", "SOURCE"), _span(doc, "said", "CUE")]) == []


def _quote(start: int, end: int, speaker: str) -> Quote:
    return Quote(start, end, "x", "indirect", "say", 0, 1, SpeakerMention(speaker, 0, 1, speaker), -1)


def test_merge_keeps_the_first_list_and_fills_in_from_the_second() -> None:
    model = [_quote(10, 30, "A")]
    rules = [_quote(20, 40, "B"), _quote(50, 60, "C")]
    merged = extractor.merge(model, rules)
    assert [q.speaker.canonical for q in merged] == ["A", "C"]


def test_rules_policy_returns_the_rule_statements_unchanged(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The minister said that taxes would rise.")
    rules = [_quote(0, 5, "minister")]
    assert extractor.combine(doc, rules, speakers=None, mode="rules") is rules


def test_the_trained_model_ships_and_leaves_the_entities_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    assert extractor.available(), f"no trained pipeline under {extractor.MODEL_DIR}"
    doc = nlp("Valdorian Prime Minister Ilsa Marenko said on Tuesday that the border talks would resume in May.")
    entities = [(e.start, e.end, e.label_) for e in doc.ents]
    spans = extractor.predict_spans(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == entities
    assert {s.label_ for s in spans} <= {"SOURCE", "CUE", "CONTENT"}
    assert any(s.label_ == "CONTENT" and "border talks" in s.text for s in spans)


def test_model_policy_finds_direct_and_reported_speech_with_speakers(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLAIMTRACE_ATTRIBUTION", "model")
    text = (
        "Kestrania will cut fuel duty from July, Finance Minister Oskar Brandt said on Monday.\n\n"
        "“Families cannot wait another winter for relief,” Brandt told parliament.\n\n"
        "The opposition leader, Vera Lind, argued that the cut would mostly help drivers of large cars."
    )
    quotes = extract_quotes(nlp(text))
    found = {(q.speaker.canonical, q.kind) for q in quotes}
    assert ("Oskar Brandt", "direct") in found
    assert ("Vera Lind", "indirect") in found
    direct = next(q for q in quotes if q.kind == "direct")
    assert direct.text.startswith("Families cannot wait")
    assert all(q.speaker.canonical != "Monday" for q in quotes)


def test_strict_score_needs_the_exact_source_and_near_content_bounds() -> None:
    text = "Senator Ivo Halvorsen said that the vote would be close and the count slow."
    start = text.index("that the vote")
    gold = polnear.GoldAttribution([(start, len(text))], [(0, len("Senator Ivo Halvorsen"))], [])
    article = polnear.Article("a", text, [gold])
    near = polnear.Prediction((text.index("the vote"), len(text) - 1), (0, len("Senator Ivo Halvorsen")))
    short_source = polnear.Prediction((start, len(text)), (text.index("Ivo"), len("Senator Ivo Halvorsen")))
    cut_content = polnear.Prediction((start, text.index(" and the count")), (0, len("Senator Ivo Halvorsen")))
    assert polnear.score([article], [[near]], strict=True)["all"].gold_found == 1
    assert polnear.score([article], [[short_source]], strict=True)["all"].gold_found == 0
    assert polnear.score([article], [[short_source]])["all"].gold_found == 1  # lenient: overlapping source is enough
    assert polnear.score([article], [[cut_content]], strict=True)["all"].gold_found == 0
