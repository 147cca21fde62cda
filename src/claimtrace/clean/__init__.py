"""The clean stage: RawDocument -> Document (decoded, repaired, furniture dropped, metadata).

The publication date is the one the article or its export states; estimating
one from the dates the body mentions belongs to the time stage.
"""

from __future__ import annotations

import re
from itertools import islice

from claimtrace.clean.boilerplate import strip_boilerplate
from claimtrace.clean.metadata import detect_language, extract_metadata
from claimtrace.clean.normalise import checked_publication_date, scrub
from claimtrace.clean.repair import UndecodableError, decode_bytes, repair_text
from claimtrace.clean.translation import translation_flag
from claimtrace.records import Document, RawDocument

__all__ = ["clean_document", "UndecodableError", "repair_text", "strip_boilerplate"]


def clean_document(raw: RawDocument, max_chars: int | None = None) -> Document:
    """Decode, repair, strip furniture and read metadata.

    Raises UndecodableError for binary input and ValueError for input with no
    text left, or more than ``max_chars`` characters (the per-document budget);
    the ingest stage turns both into a skip with that reason. NUL characters
    and lone surrogates are removed from the text and the metadata, so every
    store backend can hold what comes out.
    """
    repairs: list[str] = []
    if raw.text is not None:
        text = raw.text
    else:
        text, encoding = decode_bytes(raw.data or b"")
        if encoding not in {"utf-8", "ascii", "empty"}:
            repairs.append(f"decoded from {encoding}")
    if not text.strip():
        raise ValueError("empty file: no text to ingest")
    if max_chars is not None:
        check_budget(text, max_chars)
    scrubbed = scrub(text)
    if scrubbed != text:
        repairs.append("removed NUL characters or invalid (lone surrogate) code points")
        text = scrubbed
    given = {k: scrub(v) for k, v in raw.given.items()}
    text, notes = repair_text(text)
    repairs.extend(notes)
    text, removed = strip_boilerplate(text)
    if not text.strip():
        raise ValueError("no article text left after removing site furniture")
    meta = extract_metadata(text, given)
    # Only what the article or its export states; the time stage estimates a date the article does not state.
    published = checked_publication_date(meta.published)
    return Document(
        source=scrub(raw.source),
        format=raw.format,
        text=text,
        title=meta.title,
        outlet=meta.outlet,
        author=meta.author,
        url=meta.url,
        language=detect_language(text),
        published=published,
        repairs=repairs,
        removed_lines=removed,
        translation=translation_flag(text),
    )


# Words, punctuation marks and line breaks (spaCy makes a token of each run of line breaks: 14,000 numbered
# lines were 28,000 words and numbers, within the budget, but 42,000 tokens to spaCy: 13.9 s CPU in bench/stall.py).
_TOKEN = re.compile(r"\w+|[^\w\s]|\n\s*")
CHARS_PER_TOKEN_BUDGET = 5  # the token budget is max_chars / 5: prose runs about 6 characters a token


def check_budget(text: str, max_chars: int) -> None:
    """Raise ValueError when a text is over the per-document budget of characters, or of tokens.

    spaCy's memory grows with tokens, and a run of punctuation is one token a
    character: 200k quote marks held 1.5 GB. Tokens are estimated as words plus
    punctuation marks plus runs of line breaks, close to what spaCy's tokenizer makes.
    """
    hint = "(--max-doc-chars); split it into articles or raise the budget"
    if len(text) > max_chars:
        raise ValueError(f"document is {len(text):,} characters, over the budget of {max_chars:,} per document {hint}")
    max_tokens = max_chars // CHARS_PER_TOKEN_BUDGET
    if len(text) > max_tokens:
        tokens = sum(1 for _ in islice(_TOKEN.finditer(text), max_tokens + 1))
        if tokens > max_tokens:
            raise ValueError(
                f"document has over {max_tokens:,} words, punctuation marks and line breaks, over the budget per document {hint}"
            )
