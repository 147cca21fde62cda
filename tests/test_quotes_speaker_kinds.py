"""Speakers are people or organisations: documents resolve to who issued or wrote them, datelines and
places holding an idea never speak, named people stay people, descriptions and pronouns find their person."""

from __future__ import annotations

import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import SpeakerMention, SpeakerRegistry, extract_quotes, extractor


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def speakers(nlp, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(q.speaker.canonical, q.speaker.type, q.text) for q in extract_quotes(nlp(text))]


def test_the_statement_speaks_for_whoever_issued_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ivo Osk and Mara Lind issued a joint declaration on Monday. "
        "The statement argued that the two countries are not allies."
    )
    ((name, kind, _),) = speakers(nlp, text)
    assert (name, kind) == ("Ivo Osk and Mara Lind", "person")  # two people speaking together are people, not a body


def test_the_article_speaks_for_its_author(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Calder Courier gave weight to the story in a Dec. 2 opinion piece by Tomas Wendt. "
        "The article said that every day there is a risk of a wider war."
    )
    ((name, kind, _),) = speakers(nlp, text)
    assert (name, kind) == ("Tomas Wendt", "person")


def test_a_document_nobody_is_named_for_is_an_unnamed_source(nlp) -> None:  # type: ignore[no-untyped-def]
    ((name, kind, _),) = speakers(nlp, "The article said that the border would stay closed for a year.")
    assert (name, kind) == ("unnamed source of the article", "anonymous")


def test_a_dateline_is_never_the_speaker_nor_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(nlp, "DRAVSK - The minister said on Monday that talks would resume next week.")
    assert [(n, t) for n, t, _ in found] == [("minister", "person")]
    ((name, _, content),) = speakers(nlp, "DRAVSK — Kestrania will reopen the border to grain trucks, Interior Minister Ivo Osk said.")
    assert name == "Ivo Osk" and not content.startswith("DRAVSK")


def test_a_place_holding_an_idea_is_not_a_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(nlp, "Officials have continued to insist that Kestrania rejects the notion of alliances as such.")
    assert "Kestrania" not in {name for name, _, _ in found}


def test_a_surname_opening_a_sentence_stays_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Owen Marrick is a writer. Marrick then reported in a November 26 article that the appendix was secret."
    assert speakers(nlp, text) == [("Owen Marrick", "person", "the appendix was secret")]


def test_a_description_resolves_to_the_person_named_nearby(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ruth Amsel, a historian at the University of Dravsk, said the treaty was old. "
        "The Dravian historian says that the treaty still binds both sides."
    )
    assert [(n, t) for n, t, _ in speakers(nlp, text)] == [("Ruth Amsel", "person"), ("Ruth Amsel", "person")]


def test_she_never_resolves_to_a_man(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mr Ivo Osk met Mara Lind in Dravsk on Monday. She said the talks had failed."
    assert [(n, t) for n, t, _ in speakers(nlp, text)] == [("Mara Lind", "person")]


def test_a_statement_asked_for_is_not_a_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(nlp, "Deputies demanded on Thursday that the foreign ministry explain what it knows about the pact.")
    assert "foreign ministry" not in {name for name, _, _ in found}


# issue 14 speaker errors: joint speakers, 'both countries', a role with another qualifier, a title alone
# in a headline, 'added' after a reported clause, and model statements that report nothing
def test_two_people_speaking_together_are_both_credited_as_people(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(
        nlp,
        "Kestranian President Ivo Darn and Valdorian Prime Minister Lena Sorr said in a joint statement "
        "that the border would reopen in May.",
    )
    assert [(name, kind) for name, kind, _ in found] == [("Ivo Darn and Lena Sorr", "person")]


def test_a_joint_speaker_is_never_merged_with_one_of_its_members() -> None:
    registry = SpeakerRegistry()
    sorr = registry.resolve(SpeakerMention("Lena Sorr", 0, 9, "Lena Sorr", "person"))
    joint = registry.resolve(SpeakerMention("Darn and Sorr", 0, 13, "Ivo Darn and Lena Sorr", "person"))
    later = registry.resolve(SpeakerMention("Sorr", 0, 4, "Sorr", "person"))
    assert joint != sorr and later == sorr


def test_both_countries_are_the_two_countries_named_together_before(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(
        nlp,
        "Kestrania and Valdoria signed a water treaty on Tuesday in Halvik. "
        "Both countries said the treaty would end a decade of disputes.",
    )
    assert [(name, kind) for name, kind, _ in found] == [("Kestrania and Valdoria", "government")]


def test_a_role_with_another_qualifier_is_another_person(nlp) -> None:  # type: ignore[no-untyped-def]
    same = speakers(nlp, "Kestranian spokesman Ilo Vask said the drills were routine. The Kestranian spokesman later said the talks could go on.")
    assert [name for name, _, _ in same] == ["Ilo Vask", "Ilo Vask"]
    other = speakers(nlp, "Kestranian spokesman Ilo Vask said the drills were routine. The Valdorian spokesman later said the talks could go on.")
    assert other[0][0] == "Ilo Vask"
    assert other[1][0] == "Valdorian spokesman" and other[1][1] == "person"  # unnamed, never Ilo Vask


def test_a_title_alone_in_the_headline_is_the_person_the_article_names(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(
        nlp,
        "Admiral says the fleet will stay at sea\n\n"
        "Admiral Petra Holm, the commander of the Lutherian navy, said on Thursday that the patrol fleet would stay at sea all winter.\n",
    )
    assert found and all((name, kind) == ("Petra Holm", "person") for name, kind, _ in found)
    assert any(text == "the fleet will stay at sea" for _, _, text in found)  # the headline's statement is hers, not an organisation 'Admiral'
    # (and it ends at the headline's line break)


def test_who_adds_after_a_reported_clause_is_the_reporter(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(
        nlp,
        "Tomas Reyvik, a historian in Halvik, told the Kestran Daily that there is no proof of a pact. "
        "He also said that some Valdorian authors have argued in favour of such a pact but added that they do not speak for the government.",
    )
    assert found and all(name == "Tomas Reyvik" for name, _, _ in found)
    doc = nlp("He also said that some Valdorian authors have argued in favour of such a pact but added that they do not speak for the government.")
    added = next(t for t in doc if t.lower_ == "added")
    assert extractor.reporter_going_on(added).lower_ == "he"


def test_an_outlet_in_the_byline_stays_an_outlet_and_a_datelines_dash_is_no_role(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Valdoria opens a desalination plant\nBy Tomas Reil | Brennik Ledger\n\n"
        "BRENNIK - Valdorian Water Minister Mirela Voss on Tuesday opened the plant.\n\n"
        '"Every household will have clean water by the summer," Voss told reporters.\n\n'
        "The plant cost 410 million crowns, according to the Brennik Ledger.\n"
    )
    found = {q.speaker.canonical: q.speaker for q in extract_quotes(nlp(text))}
    assert found["Brennik Ledger"].type == "media"
    assert found["Mirela Voss"].role == "Valdorian Water Minister"


def model_statements(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(speaker, content) of the trained extractor's own statements, rules left out."""
    from claimtrace.quotes.speakers import DocumentSpeakers

    doc = nlp(text)
    return [(q.speaker.canonical, q.text) for q in extractor.model_quotes(doc, DocumentSpeakers(doc, "test"))]


needs_model = pytest.mark.skipif(not extractor.available(), reason="the trained extractor is not shipped")


@needs_model
def test_model_statements_that_report_nothing_are_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    found = model_statements(
        nlp,
        "A senior official who asked not to be named said a secret annex existed.\n\n"
        "On 14 March 2031 the national assembly approved a second plant for the northern city of Varsk.\n\n"
        # the condition with its reason is still only the terms of speaking (issue 14, acceptance 3)
        "A Varsk-based naval expert, who asked not to be named because of the sensitivity of the subject, "
        "said President Ivo Osk would remember the split.\n",
    )
    assert [text.rstrip(".") for _, text in found] == ["a secret annex existed", "President Ivo Osk would remember the split"]


@needs_model
def test_a_thing_that_proves_or_means_something_is_not_a_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    found = model_statements(
        nlp,
        "The long border dispute means that farmers in the north lose a day at every crossing.\n\n"
        "The drought proves that the old canals can no longer feed the valley.\n",
    )
    assert found == []  # not a reporting cue: only names and speaker nouns speak


# issue 14 acceptance 3: a speaker is someone. An abstract noun, or a possessor's act or quality, never speaks
# ('history told ...', 'X's absence shows ...'), whichever of the rules or the model read the sentence.
ABSTRACT_SUBJECTS = {
    "state or quality in -ence/-ance ('absence', 'reluctance', 'insistence')": (
        "Kestrania's absence from the Lorn drills says that Varsk still limits joint exercises.",
        "absence",
    ),
    "quality in -ness ('willingness', 'weakness')": (
        "Their willingness to talk tells us that the Dravian blockade will end before the winter.",
        "willingness",
    ),
    "doctrine or practice in -ism ('pragmatism', 'nationalism')": (
        "Dravian pragmatism says that trade with Kestrania comes before any alliance.",
        "pragmatism",
    ),
    "condition in -hood ('statehood', 'nationhood')": (
        "Kestrania's nationhood tells its neighbours that the northern border is final.",
        "nationhood",
    ),
}


def test_every_abstract_ending_has_a_sentence_here() -> None:
    from claimtrace.quotes import lexicon as lx

    assert set(ABSTRACT_SUBJECTS) == set(lx.ABSTRACT_NOUN_ENDINGS)


@pytest.mark.parametrize("entry", sorted(ABSTRACT_SUBJECTS))
def test_an_abstract_noun_never_speaks_even_after_say(nlp, entry) -> None:  # type: ignore[no-untyped-def]
    from claimtrace.quotes.speakers import abstract_noun

    sentence, noun = ABSTRACT_SUBJECTS[entry]
    assert abstract_noun(noun) == entry
    names = {name.casefold() for name, _, _ in speakers(nlp, sentence)}
    assert not any(noun in name or "kestrania" == name for name in names), names


def test_listed_speaker_nouns_with_an_abstract_ending_still_speak(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimtrace.quotes import lexicon as lx
    from claimtrace.quotes.speakers import abstract_noun

    assert abstract_noun("witness") is None and abstract_noun("history") == "non-speaker" and abstract_noun("dance") is None
    assert all(abstract_noun(word) is None for word in lx.SPEAKING_ABSTRACT_SHAPES)
    for sentence, name in [
        ("The witness said that the convoy crossed the bridge at night.", "witness"),
        ("Dravian intelligence said that the convoy had crossed the border.", "Dravian intelligence"),
        ("The business said that it would cut forty jobs in Varsk.", "business"),
        ("The defence argued that the witness had lied about the convoy.", "defence"),
    ]:
        assert [n for n, _, _ in speakers(nlp, sentence)] == [name], sentence


def test_history_telling_is_not_a_speaker_in_either_extractor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Osk said Dravia and Kestrania had many common interests, but history told Dravia that Varsk would pay a huge price for an alliance."
    assert {name for name, _, _ in speakers(nlp, text)} == {"Osk"}
    if extractor.available():  # the model tags 'history' a SOURCE; the resolver refuses it, and so does the fallback
        assert "history" not in {name for name, _ in model_statements(nlp, text)}


def test_a_possessors_act_or_quality_is_not_the_possessor_speaking(nlp) -> None:  # type: ignore[no-untyped-def]
    for sentence in (
        "Yet Kestrania's absence from the current Lorn drills shows that Varsk still limits joint security activities.",
        "Mara Lind's refusal to sign the pact shows that Varsk does not trust its neighbours.",
        "The Dravian government's silence suggests that the talks in Varsk have failed.",
    ):
        assert speakers(nlp, sentence) == [], sentence
    # a possessor's person noun is someone ('Osk's wife'), and after a verb only speakers do any noun is
    assert [(n, t) for n, t, _ in speakers(nlp, "Osk's wife told reporters that he would resign in May.")] == [("Osk's wife", "person")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names the NER does not tag PERSON (invented ones): the role beside them says who they are
        ('"The water is safe," Teodor Amsel, the utility\'s chief executive, told a news conference.', ("Teodor Amsel", "person")),
        ("Veltrane spokeswoman Ines Markvall said the company would not comment on rumours.", ("Ines Markvall", "person")),
        ("Its director, Dr Ilse Varnholt, said all nine patients lived in the area.", ("Ilse Varnholt", "person")),
        # a body stays a body
        ("Pellwick & District Water said the notice would stay in force.", ("Pellwick & District Water", "organisation")),
    ],
)
def test_a_named_person_the_ner_missed_is_typed_person(nlp, text: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert speakers(nlp, text)[0][:2] == expected


def test_a_dateline_opening_the_speakers_phrase_is_not_part_of_its_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "PELLWICK - Pellwick & District Water on Thursday rejected a report that the water had been contaminated."
    ((name, kind, _),) = speakers(nlp, text)
    assert (name, kind) == ("Pellwick & District Water", "organisation")
