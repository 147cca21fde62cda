"""Word lists and patterns that signal refuting, hedging, negating or confirming.

Stance is carried by a handful of function words ("denied", "no plans",
"allegedly") that similarity features cannot see: a denial shares almost all
its words with the claim it denies. The FNC-1 winning systems all counted such
cues; these lists extend the FNC-1 baseline's refuting words with denial and
confirmation vocabulary seen in news reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

REFUTING_WORDS = frozenset(
    """
    fake fakes faked fraud fraudulent hoax hoaxes false falsely falsehood deny denies denied denying
    denial denials refute refutes refuted refuting debunk debunks debunked debunking bogus doubt
    doubts doubtful doubted prank pranks retract retracts retracted retraction untrue myth myths
    baseless unfounded fabricated fabrication misleading satire satirical incorrect wrong rejects
    rejected reject rejecting dismissed dismisses dismiss nonsense lie lies lied scam contrary
    contradicts contradicted disputed disputes dispute photoshopped invented
    """.split()
)

HEDGING_WORDS = frozenset(
    """
    allegedly alleged alleges reportedly reported report reports claims claim claimed claiming
    according may might could possibly possible perhaps apparently appears appear appeared seems
    seem seemed suggests suggest suggested rumor rumors rumour rumours rumored rumoured unconfirmed
    unverified purportedly purported supposedly believed speculation speculated speculate
    sources source likely unlikely unclear whether investigating investigate probe
    expected considering consider talks
    """.split()
)

NEGATION_WORDS = frozenset(
    """
    not no never none nobody nothing neither nor without cannot nowhere hardly barely lack lacks
    lacked absence absent
    """.split()
)

CONFIRMING_WORDS = frozenset(
    """
    confirmed confirms confirm confirmation officially official announced announces announce
    revealed reveals reveal proves proved proven true indeed verified admits admitted admit
    acknowledged acknowledges
    """.split()
)

# Multi-word denials: the phrases the claim check must read as refutation even
# though every content word matches the claim ("no plans for an alliance").
DENIAL_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(no|never|not any|nothing|without)\b(\W+\w+){0,3}?\W+"
        r"(plans?|evidence|proof|truth|basis|sign|signs|indication|record|intention|intent|talks?|deal|agreement|pact|link|connection)\b",
        r"\bthere (is|was|are|were|has been|have been) no\b",
        r"\b(is|was|are|were|has|have|had|did|does|do|will|would|can|could|should) (not|never)\b",
        r"\b(denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|debunked|ruled out|rules out)\b",
        r"\b(false|hoax|fake|untrue|baseless|unfounded|fabricated|not true|no truth)\b",
    )
)

QUESTION_PATTERN = re.compile(r"\?")

LEXICON_NAMES = ("refute", "hedge", "negate", "confirm", "denial", "question")


@dataclass(frozen=True)
class CueCounts:
    """How many cues of each kind one sentence holds, in ``LEXICON_NAMES`` order."""

    values: np.ndarray

    @staticmethod
    def of(tokens: list[str], lowered_text: str) -> "CueCounts":
        """Count cues in one sentence, from its tokens and its lowercased text."""
        counts = np.array(
            [
                sum(token in REFUTING_WORDS for token in tokens),
                sum(token in HEDGING_WORDS for token in tokens),
                sum(token in NEGATION_WORDS for token in tokens),
                sum(token in CONFIRMING_WORDS for token in tokens),
                sum(len(pattern.findall(lowered_text)) for pattern in DENIAL_PATTERNS),
                len(QUESTION_PATTERN.findall(lowered_text)),
            ],
            dtype=np.float32,
        )
        return CueCounts(counts)

