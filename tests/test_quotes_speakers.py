"""Cross-document speaker identity: one id per person, never one for two sources."""

from __future__ import annotations

import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import SpeakerMention, SpeakerRegistry, extract_quotes, normalise_name


def person(name: str, text: str | None = None, role: str | None = None, affiliation: str | None = None) -> SpeakerMention:
    return SpeakerMention(text or name, 0, len(text or name), name, "person", role, affiliation)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def test_name_forms_across_documents_are_one_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    articles = [
        "Valdorian President Arvid Kolle said the talks had gone well.",
        "“We are ready,” Arvid Kolle told reporters.",
        "Kolle said on Friday that the border would stay open.",
    ]
    registry = SpeakerRegistry()
    ids = {registry.resolve(q.speaker) for text in articles for q in extract_quotes(nlp(text))}
    assert len(ids) == 1
    (profile,) = registry.profiles()
    assert profile.canonical_name == "Arvid Kolle"
    assert "President" in profile.roles
    assert "Valdorian" in profile.affiliations
    assert {"Valdorian President Arvid Kolle", "Kolle"} <= set(profile.aliases)


def test_surname_first_then_full_name_upgrades_the_profile() -> None:
    registry = SpeakerRegistry()
    first = registry.resolve(person("Kolle"))
    second = registry.resolve(person("Arvid Kolle"))
    assert first == second
    assert registry.profile(first).canonical_name == "Arvid Kolle"  # type: ignore[union-attr]


def test_ambiguous_surname_is_not_guessed() -> None:
    registry = SpeakerRegistry()
    a = registry.resolve(person("Anna Brell"))
    b = registry.resolve(person("Tomas Brell"))
    bare = registry.resolve(person("Brell"))
    assert len({a, b, bare}) == 3


def test_anonymous_sources_are_never_merged() -> None:
    registry = SpeakerRegistry()
    doc_a = SpeakerMention("a senior official", 0, 17, "senior official", "anonymous", scope="doc-a")
    doc_b = SpeakerMention("a senior official", 0, 17, "senior official", "anonymous", scope="doc-b")
    named = person("Senior Official")
    ids = {registry.resolve(doc_a), registry.resolve(doc_b), registry.resolve(named)}
    assert len(ids) == 3
    assert registry.resolve(doc_a) == registry.resolve(SpeakerMention("the official", 5, 17, "senior official", "anonymous", scope="doc-a"))


def test_pronoun_mentions_do_not_become_aliases() -> None:
    registry = SpeakerRegistry()
    speaker_id = registry.resolve(person("Ilsa Marenko"))
    registry.resolve(person("Ilsa Marenko", text="she"))
    assert registry.profile(speaker_id).aliases == ["Ilsa Marenko"]  # type: ignore[union-attr]
    assert registry.profile(speaker_id).mentions == 2  # type: ignore[union-attr]


def test_registry_rebuilt_from_profiles_keeps_ids() -> None:
    registry = SpeakerRegistry()
    original = registry.resolve(person("Ilsa Marenko", role="Foreign Minister"))
    ministry = registry.resolve(SpeakerMention("the Valdorian foreign ministry", 0, 1, "Valdorian foreign ministry", "government"))
    rebuilt = SpeakerRegistry.from_profiles(registry.profiles())
    assert rebuilt.resolve(person("Marenko")) == original
    assert rebuilt.resolve(SpeakerMention("Valdorian foreign ministry", 0, 1, "Valdorian foreign ministry", "government")) == ministry


def test_normalise_name_ignores_case_accents_and_possessives() -> None:
    assert normalise_name("The Kremlin’s") == "kremlin"
    assert normalise_name("Jönas  ARVANITAKIS") == "jonas arvanitakis"
