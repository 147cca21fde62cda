from __future__ import annotations

import pytest

from claimtrace.clean.boilerplate import strip_boilerplate

FURNITURE = [
    "Watch more on VBN Plus",
    "Listen to this article",
    "Marta Kell shared this story",
    "shared this story",
    "You might also like",
    "Back to Top",
    "Language : English 简体 繁體",
    "Advertisement",
    "Share this article",
    "Sign up for our daily newsletter",
    "  • Back to top",
]

REAL_SENTENCES = [
    "Analysts will watch more closely how the navy deploys.",
    "She shared this story with the Kestran Daily Wire on Monday.",
    "The ministry said it would go back to the top of its agenda.",
    "Language: the treaty text uses the word alliance twice.",
    "An advertisement in the Marrow Gazette called for calm.",
    "You might also like to know that the talks failed, the envoy joked.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_dropped(line: str) -> None:
    text = f"Title of the story\n\nThe first real sentence.\n{line}\nThe last real sentence."
    cleaned, removed = strip_boilerplate(text)
    assert line.strip() not in cleaned
    assert cleaned.endswith("The last real sentence.")
    assert len(removed) == 1


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentences_that_mention_furniture_words_survive(sentence: str) -> None:
    text = f"Title\n\n{sentence}\n\nMore text follows here."
    cleaned, removed = strip_boilerplate(text)
    assert sentence in cleaned
    assert removed == []


def test_reader_disclaimer_at_the_end_of_a_reprint_is_dropped() -> None:
    body = "\n\n".join(f"Paragraph {i} of the translated reprint about the Valdorian navy." for i in range(8))
    disclaimer = (
        "We republish this column to widen your field of reflection. Republishing does not necessarily mean "
        "that we endorse it, and our responsibility stops with what we report here."
    )
    cleaned, removed = strip_boilerplate(f"{body}\n\n{disclaimer}")
    assert "widen your field" not in cleaned
    assert removed and removed[0].startswith("reader disclaimer")


def test_disclaimer_words_early_in_an_article_are_kept() -> None:
    early = "The minister said the report does not necessarily reflect our responsibility to allies."
    text = early + "\n\n" + "\n\n".join(f"Body paragraph {i} with real reporting." for i in range(10))
    cleaned, _ = strip_boilerplate(text)
    assert early in cleaned
