"""Bounded work per document (issue 16): the paths the stall inputs hit stay linear.

Timings are measured by ``bench/stall.py``; these tests pin the mechanisms: the
quote stage's lookups answer as the quadratic scans did, the time stage reads at
most DATEPARSER_SPANS_PER_TEXT spans with dateparser, and a text dense in tokens
is parsed in pieces bounded by tokens as well as characters.
"""

from __future__ import annotations

import random
import re

import pytest

from claimtrace.nlp.pipeline import PIECE_TOKENS, load_nlp, needs_pieces, parse, sentences_from_doc, split_for_parsing
from claimtrace.quotes import extractor
from claimtrace.quotes.model import Quote, SpeakerMention
from claimtrace.time import expressions


def _quote(start: int, end: int) -> Quote:
    return Quote(start, end, "x", "indirect", "say", 0, 1, SpeakerMention("A", 0, 1, "A", "person", None, None), -1)


def test_merge_keeps_what_the_pairwise_scan_kept() -> None:
    rng = random.Random(16)
    for _ in range(200):
        first = [_quote(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 300) for _ in range(rng.randint(0, 12)))]
        second = [_quote(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 300) for _ in range(rng.randint(0, 12)))]
        expected = list(first) + [
            q for q in second
            if not any(q.content_start < f.content_end and f.content_start < q.content_end for f in first)
        ]
        expected.sort(key=lambda q: (q.content_start, q.content_end))
        assert extractor.merge(first, second) == expected


def test_kind_reads_quoted_words_as_the_pairwise_scan_did() -> None:
    rng = random.Random(61)
    text = " ".join(rng.choice(["pact", "the", "minister", "said", "treaty", "no"]) for _ in range(400))
    for _ in range(100):
        spans = [(a, a + rng.randint(0, 60)) for a in (rng.randint(0, len(text)) for _ in range(rng.randint(0, 15)))]
        start = rng.randint(0, len(text) - 1)
        end = rng.randint(start, len(text))
        words = list(extractor._WORD.finditer(text, start, end))
        total = sum(m.end() - m.start() for m in words)
        inside = sum(m.end() - m.start() for m in words if any(s <= m.start() < e for s, e in spans))
        expected = "indirect" if total == 0 or inside == 0 else "direct" if inside / total >= extractor.DIRECT_COVERAGE else "mixed"
        assert extractor._kind(start, end, extractor._disjoint(spans), text) == expected


def test_a_statement_date_is_the_whole_entity_beside_the_cue() -> None:
    doc = load_nlp()("The minister said on Monday, March 3 that the talks would resume.")
    cue = next(t for t in doc if t.text == "said")
    content = doc.text.index("that the talks")
    date = extractor._stated_date(doc[cue.i : cue.i + 1], (content, len(doc.text)))
    assert date is not None and "Monday" in date
    assert date == next(e.text for e in doc.ents if e.label_ == "DATE")


def test_dateparser_reads_a_bounded_number_of_spans_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"line {n}\n" for n in range(1000, 1000 + 3 * expressions.DATEPARSER_SPANS_PER_TEXT))
    doc = load_nlp()(text)
    read: list[str] = []
    original = expressions._dateparser_candidate

    def counting(span, start, end, anchor):  # type: ignore[no-untyped-def]
        read.append(span)
        return original(span, start, end, anchor)

    monkeypatch.setattr(expressions, "_dateparser_candidate", counting)
    expressions.find_time_expressions(text, None, doc)
    assert 0 < len(set(read)) <= expressions.DATEPARSER_SPANS_PER_TEXT


def test_a_text_dense_in_tokens_is_parsed_in_pieces_bounded_by_tokens() -> None:
    marks = "Title\n\n" + "\u201c" * (4 * PIECE_TOKENS)  # far under PIECE_CHARS characters, one token a character
    assert needs_pieces(marks) and not needs_pieces("The talks resume on Monday. " * 300)
    pieces = split_for_parsing(marks)
    assert "".join(pieces) == marks and len(pieces) >= 4
    assert max(len(re.findall(r"\w+|[^\w\s]", p)) for p in pieces) <= PIECE_TOKENS
    doc = parse(marks)
    assert doc.text == marks
    sentences = sentences_from_doc(doc)
    assert sentences[0].text == "Title" and not sentences[0].overlong
    assert all(s.overlong for s in sentences[1:])


def test_the_token_budget_counts_line_breaks_as_spacy_does() -> None:
    from claimtrace.clean import check_budget

    lines = "".join(f"line {i}\n" for i in range(1_400))  # 2,800 words and numbers, 4,200 tokens to spaCy
    assert len(load_nlp().tokenizer(lines)) == 4_200
    max_chars = 5 * 3_000  # a budget of 3,000 tokens, and room for the characters
    with pytest.raises(ValueError, match="line breaks"):
        check_budget(lines, max_chars)
    check_budget("The talks resume.\n\nThe pact holds.\n" * 100, max_chars)  # prose with paragraphs fits


def test_speech_inside_an_over_long_run_is_not_read_but_the_rest_of_the_document_is() -> None:
    from claimtrace.quotes import find_quotes

    run = " ".join(["Minister Ana Brel said the talks would resume next week"] * 40)  # 440 words, no sentence end
    text = "Talks\n\nMinister Ana Brel said on Monday that the talks would resume next week.\n\n" + run + "\n"
    doc = parse(text)
    sentences = sentences_from_doc(doc)
    overlong = [s for s in sentences if s.overlong]
    assert overlong and not any(s.overlong for s in sentences[:2])
    quotes = find_quotes(doc, sentences).quotes
    assert [q.speaker.canonical for q in quotes] == ["Ana Brel"]
    assert all(q.content_end <= overlong[0].start for q in quotes)


def test_the_extractor_tags_only_the_stretches_between_skipped_tokens() -> None:
    assert extractor._kept_ranges([False, False, True, True, False, True]) == [(0, 2), (4, 5)]
    assert extractor._kept_ranges([True, True]) == [] and extractor._kept_ranges([False] * 3) == [(0, 3)]


def test_the_cli_and_the_library_share_one_document_budget() -> None:
    import inspect

    from claimtrace import cli
    from claimtrace.ingest.readers import DEFAULT_MAX_DOC_CHARS

    assert inspect.signature(cli.ingest).parameters["max_doc_chars"].default == DEFAULT_MAX_DOC_CHARS == 100_000
