"""Flag a document whose words are a translation, so a reader knows its quotes are not the speakers' own.

Two grounds, each stated in the flag: a credit line the text carries ("Translated by ...",
"Translated from the French"), or the marks machine translation leaves in English text, scored
per 1,000 words by ``MT_FEATURES`` (a named table; each feature has a test in
tests/test_translation.py). A document is flagged when the score reaches ``MT_THRESHOLD``.
"""

from __future__ import annotations

import re

CREDIT = re.compile(
    r"^[ \t]*(?:\(?\s*)?(?:(?:machine[- ])?translat(?:ed|ion)\s+(?:by|from|:)|traduit\s+(?:par|de)|traducción\s+de)[^\n]{0,150}$",
    re.IGNORECASE | re.MULTILINE,
)

# (name, weight, pattern): occurrences per 1,000 words, times the weight, summed.
MT_FEATURES: list[tuple[str, float, re.Pattern[str]]] = [
    # French guillemets quoting English words
    ("guillemets", 1.0, re.compile(r"[«»]")),
    # a closing curly mark opening a quote (' ” every day'), the order a round trip through French leaves
    ("reversed quote marks", 1.0, re.compile(r"(?:^|[\s(])”(?=\w)|(?<=\w)“(?=[\s.,;:)]|$)", re.MULTILINE)),
    # French elisions left in English text ('d‘a new kind', 'l’alliance', 'qu’il')
    ("French elision", 2.0, re.compile(r"\b(?:d|l|qu|n|j)[‘’'](?=[a-zà-ÿ])(?!s\b|t\b|ll\b|re\b|ve\b|d\b|m\b)")),
    # a word with its own ending doubled or a second word glued on ('bebe', 'exaggeratede', 'securitythis')
    ("glued words", 0.5, re.compile(r"\b[a-z]{4,}(?:this|that|the|were|are|was)\b|\b([a-z]{2,3})\1\b|\b[a-z]{5,}ede\b")),
]
MT_THRESHOLD = 4.0  # score per 1,000 words
MIN_WORDS = 80  # shorter texts say too little to score
MIN_WEIGHTED = 3.0  # and one stray mark is a typo, not a translation

_WORD = re.compile(r"\w+")


def translation_flag(text: str) -> str | None:
    """Why the text reads as a translation (the credit line, or the machine-translation score), or None."""
    credit = CREDIT.search(text)
    if credit:
        return f"translation credit: {credit.group(0).strip()!r}"
    score, found = machine_translation_score(text)
    if score >= MT_THRESHOLD:
        shown = ", ".join(f"{name} x{count}" for name, count in found.items() if count)
        return f"reads as machine translation (score {score:.1f} per 1,000 words >= {MT_THRESHOLD}: {shown})"
    return None


def machine_translation_score(text: str) -> tuple[float, dict[str, int]]:
    """The weighted feature count per 1,000 words, and each feature's count."""
    words = len(_WORD.findall(text))
    found = {name: len(pattern.findall(text)) for name, _, pattern in MT_FEATURES}
    if words < MIN_WORDS:
        return 0.0, found
    weighted = sum(weight * found[name] for name, weight, _ in MT_FEATURES)
    if weighted < MIN_WEIGHTED:
        return 0.0, found
    return 1000.0 * weighted / words, found
