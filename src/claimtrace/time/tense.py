"""Does a time expression point forward from publication?

"Putin met Xi on Wednesday" and "Putin will meet Xi on Wednesday" name
different Wednesdays.  With a parse we read the tense of the verb the
expression attaches to; without one we look for a future marker in the same
clause, stopping at a reporting verb ("said on Monday it will ...").
"""

from __future__ import annotations

import re
from typing import Any

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "’ll"}
_FUTURE_GOVERNORS = {
    "go",  # going to
    "schedule",
    "expect",
    "set",
    "plan",
    "due",
    "intend",
    "aim",
    "prepare",
    "slate",
}
_ATTRIBUTIVE_DEPS = {"compound", "nummod", "amod", "poss", "nmod"}
_FUTURE_ADJ = {"upcoming", "coming", "next", "due"}
_REPORTING = {"say", "tell", "announce", "report", "state", "write", "claim", "add", "note", "confirm", "deny", "insist"}

_FUTURE_MARKER = re.compile(
    r"\b(?:will|shall|won't|going\s+to|is\s+to|are\s+to|(?:is|are|was|were)\s+(?:scheduled|due|set|expected|slated)\s+(?:to|for)"
    r"|plans?\s+to|upcoming|to\s+be\s+held)\b|'ll\b|’ll\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]|\bsaid\b|\bsays\b|\btold\b|\bannounced\b|\badded\b", re.IGNORECASE)
_PAST_REPORTING_BEFORE = re.compile(
    r"\b(?:said|told|announced|added|stated|wrote|reported|declared|insisted|noted)\s+(?:on\s+|last\s+)?$", re.IGNORECASE
)


# A deadline or schedule word right before the date: "payable Dec. 7", "extended to Nov. 16".
_SCHEDULE_CUE = re.compile(
    r"\b(?:payable|of\s+record|effective|expires?|expiring|due|as\s+(?:early|soon)\s+as|no\s+later\s+than"
    r"|(?:extended|postponed|delayed|moved|pushed\s+back|adjourned|deferred|rescheduled)\s+(?:[\w'’]+\s+){0,3}?(?:to|until|till))"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# "by/until/through X" is a deadline unless the clause is in the past ("the talks lasted until March 3").
_DEADLINE_CUE = re.compile(r"\b(?:by|until|till|through)\s+(?:the\s+end\s+of\s+|mid-?|early\s+|late\s+)?$", re.IGNORECASE)
_IRREGULAR_PAST = (
    "had|was|were|did|held|met|said|told|made|took|went|came|gave|began|left|kept|won|lost|fell|rose|sent|spent|built"
    "|led|stood|ran|saw|found|thought|brought|bought|sought|fought|struck|wrote|spoke|broke|chose|drove|flew|grew|knew"
    "|threw|became|got|lay|sat|paid|sold|meant|felt|heard|shut|hid|bore|swore|withdrew|undertook|overtook|forbade"
)
_PAST_CLAUSE_BEFORE = re.compile(rf"\b(?:{_IRREGULAR_PAST}|\w+ed)\s+(?:[\w'’]+\s+){{0,3}}$", re.IGNORECASE)


def is_future(text: str, start: int, end: int, doc: Any = None) -> bool:
    """True when the expression at ``text[start:end]`` refers forward in time."""
    before = text[max(0, start - 50) : start]
    if _SCHEDULE_CUE.search(before):
        return True
    if _PAST_REPORTING_BEFORE.search(before):
        return False  # "said on Monday it will ...": the date belongs to the saying
    verb = _governing_verb(doc, start, end) if doc is not None else None
    if _DEADLINE_CUE.search(before):
        if verb is not None:
            return not _is_past(verb)
        cue = _DEADLINE_CUE.search(before)
        return not _PAST_CLAUSE_BEFORE.search(before[: cue.start()] if cue else before)
    if doc is not None:
        verdict = _future_from_parse(doc, start, end)
        if verdict is not None:
            return verdict
    return _future_from_text(text, start, end)


def _governing_verb(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(5):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return None


def _is_past(verb: Any) -> bool:
    """Simple past or a past/perfect auxiliary: "lasted", "was sought", "had met"."""
    if verb.tag_ == "VBD":
        return True
    auxes = _auxiliaries(verb)
    if verb.tag_ == "VBN" and not auxes:
        return True  # a bare participle ("the truce, held until ...") narrates
    return any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes)


def _future_from_parse(doc: Any, start: int, end: int) -> bool | None:
    """Tense of the verb governing the expression; None when no verb is found.

    A date that modifies a noun ("the August 7 bombings") is not an adverbial
    of the verb, so only an explicit future (will, a modal, "scheduled")
    makes it forward-looking, never the simple present.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    adverbial = token.dep_ not in _ATTRIBUTIVE_DEPS
    for _ in range(5):
        if token.head.i == token.i:
            break
        if token.dep_ in _ATTRIBUTIVE_DEPS and token is not span.root:
            adverbial = False
        token = token.head
        if token.lower_ in _FUTURE_ADJ and token.pos_ == "ADJ":
            return True  # "the upcoming vote on Monday"
        if token.pos_ in {"VERB", "AUX"}:
            return _verb_is_future(token, adverbial)
        if token.pos_ in {"NOUN", "PROPN"} and any(c.lower_ in _FUTURE_ADJ for c in token.children):
            return True  # "next week's election", "the upcoming April summit"
    return None


def _auxiliaries(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]


def _verb_is_future(verb: Any, adverbial: bool = True) -> bool:
    """Future by form ("will meet"), by modality ("could meet"), by schedule ("is due on"),
    or by the news convention that the simple present of an event is its schedule
    ("Congress reconvenes Jan. 24"); the perfect and the past are never future."""
    auxes = _auxiliaries(verb)
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX:
        return True
    perfect = any(a.lemma_ == "have" for a in auxes)
    if any(a.tag_ == "MD" for a in auxes) and not perfect:
        return True
    present_aux = any(a.tag_ in {"VBZ", "VBP"} for a in auxes)
    if verb.tag_ == "VBN":
        if verb.lemma_ in _FUTURE_GOVERNORS and (present_aux or (verb.dep_ == "acl" and _sentence_not_past(verb))):
            return True  # "is scheduled for", "a summit set for April" in a present-tense sentence
        return adverbial and present_aux and not perfect and verb.lemma_ not in _REPORTING
    if verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes) and verb.head.i != verb.i:
        governor = verb.head
        # "planned to leave on Thursday"; "has decided to admit them in March"
        return governor.lemma_ in _FUTURE_GOVERNORS or _not_past(governor)
    if verb.tag_ in {"VBZ", "VBP"} and not perfect and adverbial:
        return verb.lemma_ not in _REPORTING
    return False


def _not_past(verb: Any) -> bool:
    """A governing verb in the present, the present perfect or the future."""
    if verb.tag_ in {"VBZ", "VBP", "VB"}:
        return True
    auxes = _auxiliaries(verb)
    return any(a.tag_ in {"VBZ", "VBP", "MD"} or a.lower_ in _FUTURE_AUX for a in auxes)


def _sentence_not_past(token: Any) -> bool:
    root = token
    for _ in range(len(root.doc)):  # climbing heads is cheaper than Token.sent
        if root.head.i == root.i:
            break
        root = root.head
    return root.pos_ in {"VERB", "AUX"} and _not_past(root)


def _future_from_text(text: str, start: int, end: int) -> bool:
    """Clause-window heuristic used when no parse is available."""
    before = text[max(0, start - 120) : start]
    if _PAST_REPORTING_BEFORE.search(before):
        return False
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause_before = before[breaks[-1].end() :] if breaks else before
    after = text[end : end + 60]
    brk = _CLAUSE_BREAK.search(after)
    clause_after = after[: brk.start()] if brk else after
    words_after = " ".join(clause_after.split()[:5])
    return bool(_FUTURE_MARKER.search(clause_before) or _FUTURE_MARKER.search(words_after))
