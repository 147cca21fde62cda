"""The claim frame: what a claim is about, parsed once per check.

Who the claim is about (its actors), whether it is a claim about what
someone said ("X said P"), the time it pins itself to, the numbers it
states, and whether it describes a state of affairs that later reports can
overtake. The judge and the verdict read the frame; nothing re-parses the
claim per evidence sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from claimtrace.verify.claim_match import (
    SpeechClaim,
    _without_dates,
    parse_text,
    quantities,
    speech_claim,
    state_of_affairs,
    stem,
)

# Words that are capitalised in a claim without naming anyone ("The", a sentence's first word aside).
_NOT_NAMES = frozenset("the a an this that these those it its he she they we i".split())
# Demonyms and country names map to one key by their first four letters (Russia / Russian / Russia's).
_KEY_LETTERS = 4


@dataclass(frozen=True)
class ClaimFrame:
    """One claim, parsed: the judge's and the verdict's view of it."""

    text: str
    actors: frozenset[str]  # name keys of who or what the claim is about ("russ", "chin", "zapa")
    actor_words: tuple[str, ...]  # the same names as written, for reasons a person reads
    speech: SpeechClaim | None  # "X said P": evidence must be X's or a report of X's
    time_span: tuple[date, date] | None  # the time the claim names, as first and last day
    quantities: frozenset[float]
    state_claim: bool  # "have signed" (a state that later reports can overtake), not a dated event

    @property
    def starts(self) -> date | None:
        return self.time_span[0] if self.time_span else None


def name_key(word: str) -> str:
    """A name's key: Kestrania, Kestranian and Kestrania's share "kest"; short names stay whole."""
    w = re.sub(r"['’]s$", "", word).strip(".,;:'\"()[]").lower()
    return w[:_KEY_LETTERS] if len(w) > _KEY_LETTERS + 1 else w


def name_keys(text: str) -> frozenset[str]:
    """Keys of the capitalised words and numbers of a text (its names, roughly), first word included."""
    words = re.findall(r"[A-Z][\w’'-]*|\d[\d,.]*\d|\d", text)
    return frozenset(name_key(w) for w in words if w.lower() not in _NOT_NAMES)


@lru_cache(maxsize=256)
def parse_claim(claim: str) -> ClaimFrame:
    """Parse a claim into its frame (cached: a claim is parsed once however often it is checked)."""
    doc = parse_text(claim)
    undated = _without_dates(claim)
    words: list[str] = []
    for t in doc:
        if not undated[t.idx : t.idx + len(t.text)].strip():
            continue  # a word of a date names a time, not an actor
        if t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}:
            if t.text[:1].isupper() and t.lower_ not in _NOT_NAMES:
                words.append(t.text)
    if not words:
        # No names ("a bird pooped on a speaker"): the subject's and object's nouns stand for the actors.
        words = [t.text for t in doc if t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and t.pos_ in {"NOUN", "PROPN"}]
    else:
        # An unnamed subject ("A historian found ... by Jesus"): reports name that person by the noun, not by
        # the claim's other names, so the noun stands for an actor beside them.
        words += [t.text for t in doc if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT" and _indefinite(t)]
    speech = speech_claim(claim)
    return ClaimFrame(
        text=claim,
        actors=frozenset(name_key(w) if w[:1].isupper() else stem(w) for w in words),
        actor_words=tuple(dict.fromkeys(words)),
        speech=speech,
        time_span=claim_span(claim),
        quantities=quantities(claim),
        state_claim=state_of_affairs(claim),
    )


def _indefinite(token) -> bool:
    """A common noun brought in by "a", "an" or "some": someone the claim does not name."""
    return token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in {"a", "an", "some"} for c in token.children)


@lru_cache(maxsize=256)
def claim_span(claim: str) -> tuple[date, date] | None:
    """The time the claim pins itself to, as (first day, last day), else None.

    "the March 2023 memorandum" names a thing; "signed in March 2023" dates the claim.
    """
    from claimtrace.time.calendar import interval
    from claimtrace.time.expressions import find_time_expressions

    doc = parse_text(claim)
    spans = []
    for e in find_time_expressions(claim, None):
        span = interval(e.value) if e.value else None
        tokens = [t for t in doc if e.start <= t.idx < e.end]
        heads = [t.head for t in tokens if not (e.start <= t.head.idx < e.end)]
        modifies_a_noun = any(
            h.pos_ in {"NOUN", "PROPN"} and t.dep_ in {"compound", "nmod", "amod", "nummod"}
            for t in tokens for h in [t.head] if h in heads
        )
        if span and not modifies_a_noun:
            spans.append(span)
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None
