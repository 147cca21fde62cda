"""How much of a claim a sentence actually addresses, and whether it asserts the opposite predicate.

The stance model was trained on headline/article pairs, where "related"
means "same story". In a corpus about one question every sentence is the
same story, so relatedness alone lets topical sentences vote. Coverage of
the claim's own content words, and a small lexicon of opposed news
predicates (ratified / rejected, welcomed / regrets), sharpen it.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been being has have had
    that this these those it its their there here he she they them his her we our you your i not no
    any each other than then so such into over about after before during between while who whom which
    what when where why how all both also only very can could would should will shall may might must do
    does did says said say told tell according""".split()
)

# Opposed predicates in news prose: a sentence asserting one refutes a claim asserting the other.
OPPOSED = [
    ({"ratif", "approv", "adopt", "pass", "passed"}, {"reject", "vote down", "voted down", "veto", "not put to a vote"}),
    ({"welcom", "prais", "endors", "support"}, {"regret", "condemn", "criticis", "criticiz", "oppos", "denounc", "protest"}),
    ({"publish", "releas", "made public", "disclos"}, {"secret", "withh", "unpublish", "not publish", "kept"}),
    ({"confirm", "acknowledg", "admit"}, {"deni", "deny", "reject", "dismiss"}),
    ({"attend", "present at", "took part", "take part", "taking part", "participat"},
     {"did not attend", "absent", "absence", "not present", "stayed away", "did not take part", "did not participate"}),
    ({"increas", "rais", "rose", "grew"}, {"decreas", "cut", "lower", "fell", "reduc"}),
]


def stem(word: str) -> str:
    """A crude stem: enough to match ratify/ratified, treaty/treaties, signed/signing."""
    w = re.sub(r"['’]s$", "", word.lower()).strip("'’-.,")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "y"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=512)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1)


def coverage(claim: str, sentence: str) -> float:
    """Share of the claim's content words that the sentence (with its context) contains."""
    wanted = content_stems(claim)
    if not wanted:
        return 0.0
    return len(wanted & content_stems(sentence)) / len(wanted)


def _has(text: str, cues: set[str]) -> bool:
    return any(cue in text for cue in cues)


def opposed_predicate(claim: str, sentence: str) -> bool:
    """True when the sentence asserts the opposite of the claim's predicate (and the claim is not itself negated)."""
    c, s = claim.lower(), sentence.lower()
    for positive, negative in OPPOSED:
        if _has(c, positive) and not _has(c, negative) and _has(s, negative) and not _has(s, positive):
            return True
        if _has(c, negative) and not _has(c, positive) and _has(s, positive) and not _has(s, negative):
            return True
    return False


SPEECH_VERBS = frozenset(
    "say tell deny confirm announce claim argue insist warn call describe state report add note stress admit "
    "acknowledge reject dismiss suggest".split()
)


def _stem_forms(word: str) -> set[str]:
    forms = {stem(word)}
    if len(word) > 5 and word.endswith("e"):
        forms.add(word[:-1])
    return forms


@lru_cache(maxsize=64)
def parse_claim(claim: str):
    """The claim's spaCy parse, made once per claim for every check that reads it."""
    from claimtrace.nlp.pipeline import load_nlp

    return load_nlp()(claim)


@lru_cache(maxsize=256)
def claim_predicate(claim: str) -> frozenset[str] | None:
    """Stems of the claim's main predicate ("ratified", "welcomed", "signed"), or None to skip the check.

    Claims about speech ("X said that ...", "X denied ...") are matched by
    the stance model on their content instead, so they return None.
    """
    doc = parse_claim(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    root = roots[0]
    if root.lemma_.lower() in SPEECH_VERBS:
        return None
    heads = [root] + [t for t in root.children if t.dep_ == "conj" and t.pos_ in {"VERB", "ADJ"}]
    if root.pos_ == "AUX" or root.lemma_.lower() in {"be", "have"}:
        heads += [t for t in root.children if t.dep_ in {"acomp", "attr", "xcomp", "oprd"}]
    stems: set[str] = set()
    for t in heads:
        for form in (t.text.lower(), t.lemma_.lower()):
            if form not in STOPWORDS and len(form) > 2:
                stems |= _stem_forms(form)
    return frozenset(stems) or None


def asserts_predicate(claim: str, sentence: str) -> bool:
    """Does the sentence contain the claim's predicate (so it can support it, not just share its topic)?"""
    wanted = claim_predicate(claim)
    if wanted is None:
        return True
    have = set()
    for w in _WORD.findall(sentence):
        have |= _stem_forms(w.lower())
    return bool(wanted & have)
