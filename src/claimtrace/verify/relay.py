"""What a sentence passes on: the claim inside "X claimed that P", "reports that P", "according to X, P".

The verification model is trained to call a hedged report neutral, which is
right for the verdict ("a column claimed that..." proves nothing) but hides
how a claim travels: the sentence that relays a rumour and the sentence about
another event look alike to it. The trace asks a second question of such a
sentence: judged on its relayed content P alone, does P state the claim? A
sentence that does carries the claim, whoever's word it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimtrace.verify.claim_match import _without_dates, parse_text

# Verbs and nouns that pass on someone's statement with a clause: "claimed that P", "reports that P".
RELAY_VERBS = frozenset("say tell state report claim allege write suggest add note insist announce confirm reveal".split())
RELAY_NOUNS = frozenset("report claim rumour rumor allegation story suggestion speculation".split())
# Cheap test before parsing: only sentences with one of these words can relay anything.
_MAY_RELAY = re.compile(
    r"\b(sa(?:y|ys|id)|t(?:ell|ells|old)|stat|report|claim|alleg|wr(?:ite|ote|itten)|suggest|add|not(?:e|ed)\b|insist|"
    r"announc|confirm|reveal|rumou?r|stor(?:y|ies)|speculat|according)",
    re.I,
)
_LEAD = re.compile(r"^(that|whether)\s+", re.I)
_DANGLING = re.compile(r"\s+\b(in|on|at|by|since|during|from|until|of)\b(?=\s*(?:[,.;:!?]|$))", re.I)


def may_relay(sentence: str) -> bool:
    """Whether the sentence has a word that could pass on a statement (only those are parsed)."""
    return bool(_MAY_RELAY.search(sentence))


@lru_cache(maxsize=4096)
def relayed_content(sentence: str) -> tuple[str, ...]:
    """The clauses this sentence attributes to someone or to reports ("" parts dropped), in order."""
    if not may_relay(sentence):
        return ()
    doc = parse_text(sentence)
    found: list[str] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"} and lemma in RELAY_VERBS:
            found += [doc[c.left_edge.i : c.right_edge.i + 1].text for c in token.children if c.dep_ == "ccomp"]
        elif token.pos_ == "NOUN" and lemma in RELAY_NOUNS:
            found += [
                doc[c.left_edge.i : c.right_edge.i + 1].text
                for c in token.children
                if c.dep_ in {"acl", "ccomp", "relcl"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]
        elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            left_out = {t.i for t in token.subtree}
            found.append("".join(t.text_with_ws for t in doc if t.i not in left_out))
    cleaned = (_LEAD.sub("", text.strip(" ,;:")).strip() for text in found)
    return tuple(text for text in cleaned if len(text.split()) >= 3)


def claim_without_time(claim: str) -> str:
    """The claim with its time expressions (and the preposition before them) taken out.

    A relay rarely repeats the date ("a column claimed that they had signed a pact");
    the trace asks whether the claim travels, not whether the date did.

    >>> claim_without_time("Valdoria and Kestrania signed a secret pact in March 2023.")
    'Valdoria and Kestrania signed a secret pact.'
    """
    text = _DANGLING.sub("", _without_dates(claim))
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", text))
    return text.strip()
