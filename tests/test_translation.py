"""Machine-translation flag (claimtrace.clean.translation): a stated credit, or the scored marks of a round trip."""

from __future__ import annotations

import pytest

from claimtrace.clean.translation import MT_FEATURES, machine_translation_score, translation_flag

PLAIN = (
    "The Dravian parliament voted on Monday to review the Lessel Treaty, the speaker said. "
    "Ruth Amsel, a historian, said the treaty was older than most diplomats. “We lose a day every time,” "
    "said a farmer near the border, who asked for a crossing. Officials in Kestrania did not comment. "
) * 3

FEATURE_EXAMPLES = {
    "guillemets": "Osk called it « a new kind of relationship » and « superior to alliances » with « no limits ».",
    "reversed quote marks": "The paper said ”every day there is a risk“ and ”talk about war“ and ”might be exaggerated“.",
    "French elision": "This is d‘a new kind of partnership and l’alliance is not qu’il wanted.",
    "glued words": "a guarantee of mutual securitythis that might bebe exaggeratede and dodo nothing",
}


@pytest.mark.parametrize("name, weight, pattern", MT_FEATURES, ids=[f[0] for f in MT_FEATURES])
def test_each_feature_counts_its_marks_and_not_plain_english(name, weight, pattern) -> None:  # type: ignore[no-untyped-def]
    assert len(pattern.findall(FEATURE_EXAMPLES[name])) >= 3
    assert pattern.findall(PLAIN) == []


def test_plain_english_with_one_stray_mark_is_not_flagged() -> None:
    assert translation_flag(PLAIN) is None
    assert translation_flag(PLAIN + " He wrote ”hello“ once.") is None


def test_a_round_trip_through_french_is_flagged_with_its_score() -> None:
    text = PLAIN + " ".join(FEATURE_EXAMPLES.values())
    score, found = machine_translation_score(text)
    flag = translation_flag(text)
    assert flag is not None and flag.startswith("reads as machine translation") and found["guillemets"] == 6
    assert score >= 4.0


def test_a_stated_credit_is_flagged_whatever_the_text() -> None:
    flag = translation_flag("Kestrania reopens the bridge\n\nTranslated from the Dravian by Ilya Semyr\n\n" + PLAIN)
    assert flag == "translation credit: 'Translated from the Dravian by Ilya Semyr'"
    assert translation_flag("The minister said the text was translated by hand into Dravian last year. " + PLAIN) is None
