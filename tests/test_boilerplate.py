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


# ---- text that is not the article: kept, marked (clean.boilerplate.LINE_ROLES / BLOCK_HEADINGS)
from claimtrace.clean.boilerplate import BLOCK_HEADINGS, LINE_ROLES, line_roles  # noqa: E402

ROLE_EXAMPLES = {
    "source credit": "Source : Calder Courier, Minna Sarro",
    "translation credit": "Translated by the readers of the Dravsk Review",
    "photo credit": "Photo: Ivo Osk for the Kestran Daily Wire",
    "posted line": "Posted at Mar 03 2021 05:11 AM",
    "author and outlet": "Minna Sarro, Kestran Daily Wire",
    "date line": "Oct 02, 2021",
    "byline": "By Minna Sarro | Kestran Daily Wire",
    "captioned picture": "President Ivo Osk and Premier Mara Lind in 2016. (fotobank/lessel)",
    "related stories": "Read more: Kestrania reopens the Lessel bridge",
}


@pytest.mark.parametrize("rule, role, pattern", LINE_ROLES, ids=[r[0] for r in LINE_ROLES])
def test_each_line_role_rule_fires_on_its_example(rule, role, pattern) -> None:  # type: ignore[no-untyped-def]
    text = "Kestrania reopens the Lessel bridge\n\n" + ROLE_EXAMPLES[rule] + "\n\nThe bridge reopened on Monday, officials said."
    assert [(r, name) for _, _, r, name in line_roles(text)] == [(role, rule)]


@pytest.mark.parametrize("rule, role, pattern", BLOCK_HEADINGS, ids=[r[0] for r in BLOCK_HEADINGS])
def test_a_block_heading_marks_the_bullets_under_it(rule, role, pattern) -> None:  # type: ignore[no-untyped-def]
    heading = {"key points": "Key Points", "related list": "Related stories"}[rule]
    text = f"Title of the piece\n\n{heading}\n  • Osk met Lind on Monday.\n  • They agreed on a bridge.\n\nOsk said the bridge would reopen."
    found = line_roles(text)
    assert [r for _, _, r, _ in found] == [role, role, role]
    assert "Osk said" not in "".join(text[s:e] for s, e, _, _ in found)


def test_a_standalone_headline_between_paragraphs_is_a_heading_but_the_title_and_prose_are_not() -> None:
    text = (
        "Kestrania reopens the Lessel bridge\n\nThe bridge reopened on Monday, officials said.\n\n"
        "Dravia lays out demands as it masses troops on the border\n\nOsk said the talks would go on."
    )
    assert [(text[s:e], r) for s, e, r, _ in line_roles(text)] == [("Dravia lays out demands as it masses troops on the border", "heading")]
