"""Hard news-style pairs made from the NLI training pairs themselves.

The NLI sets (Wikipedia, captions) never show how news hedges, denies or
quotes a hoax. These generators wrap a training premise in the shapes news
uses, with the label a fact-checker would give against the same claim:

- an unconfirmed or hedged report of P ("rumours circulating online say P",
  "P, an unnamed source claimed, though this could not be verified") does not
  support a claim that P holds: neutral;
- a denial or debunk of P ("officials denied reports that P", "the story that
  P turned out to be a hoax", a quoted viral post followed by "fabricated")
  refutes a claim entailed by P: contradiction;
- a topical sentence about other people (shares words with the claim but
  names none of its actors) is neither: neutral;
- a denial of something else on the topic is neither: neutral.

Only training premises are used, so no dev or test text leaks in; every
template is generic (no names from any fixture). Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable

HEDGED = [
    "Unconfirmed reports circulating online claim that {p}.",
    "According to rumours on social media, {p}.",
    "Some users on social media claimed that {p}, though no evidence was offered.",
    "It has been alleged that {p}, but the claim could not be independently verified.",
    "An anonymous source told a tabloid that {p}; the report has not been confirmed.",
    "A blog post suggested that {p}, without citing any source.",
    "Speculation is growing that {p}.",
    "There are unverified reports that {p}.",
    "If the reports are true, {p}.",
    "Users shared a post claiming that {p}; it is not clear where the story started.",
    "Reporters were unable to confirm whether {p}.",
    "It remains unclear whether {p}.",
]
DENIED = [
    "Officials denied reports that {p}.",
    "A spokesperson dismissed claims that {p} as completely false.",
    "There is no truth to the story that {p}, the authorities said.",
    "The rumour that {p} turned out to be a hoax.",
    "Fact-checkers found no evidence that {p}.",
    "A viral post claimed \"{p}\", but it was later shown to be fabricated.",
    "The report that {p} was retracted after it emerged to be false.",
    "Contrary to what was widely shared online, it is not true that {p}.",
    "The satirical website that first published the story that {p} admitted it was made up.",
    "\"It is simply not true that {p},\" the spokesperson said.",
]
OTHER_DENIAL = [
    "Officials denied reports that {p}.",
    "A spokesperson dismissed claims that {p}.",
    "The rumour that {p} turned out to be a hoax.",
]

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
_STOP = set(
    "the a an and or of to in on at for by with from as is was were are be been has have had that this it its "
    "which who not no but than then there their they he she his her them also after before during into over "
    "about more most other some such only can could would should may might will did does do".split()
)


def _clause(premise: str) -> str:
    """A premise as a clause to embed: trailing stop dropped, a leading article lower-cased."""
    p = premise.strip().rstrip(" .")
    p = re.sub(r"\s+([,.;:!?)])", r"\1", p)  # "Anderson ." tokenisation of FEVER/VitaminC
    if p.split(" ", 1)[0] in {"The", "A", "An", "There", "It"}:
        p = p[0].lower() + p[1:]
    return p


def _names(text: str) -> set[str]:
    """Capitalised words past the first and numbers: a crude stand-in for the claim's actors."""
    words = text.split()
    return {w.strip(".,;:'\"()").lower() for i, w in enumerate(words) if i > 0 and (w[:1].isupper() or w[:1].isdigit())} - {""}


def _content(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2}


def news_pairs(rows: Iterable[dict], n_each: int = 5000, seed: int = 13) -> list[dict]:
    """Hedged, denied, topical-other and other-denial pairs from entailment rows."""
    rng = random.Random(seed)
    rows = [r for r in rows if len(r["premise"]) < 400]
    entail = [r for r in rows if r["label"] == "entailment" and not r["source"].startswith("snli")]
    rng.shuffle(entail)
    out: list[dict] = []
    for i, r in enumerate(entail[:n_each]):
        out.append({"premise": rng.choice(HEDGED).format(p=_clause(r["premise"])), "hypothesis": r["hypothesis"],
                    "label": "neutral", "source": "news_hedged", "id": f"hedged-{i}"})
    for i, r in enumerate(entail[n_each : 2 * n_each]):
        out.append({"premise": rng.choice(DENIED).format(p=_clause(r["premise"])), "hypothesis": r["hypothesis"],
                    "label": "contradiction", "source": "news_denied", "id": f"denied-{i}"})

    # Topical neutrals: a premise sharing content words with the claim but naming none of its actors.
    index: dict[str, list[int]] = defaultdict(list)
    contents = [_content(r["premise"]) for r in rows]
    for j, words in enumerate(contents):
        for w in words:
            if len(index[w]) < 200:
                index[w].append(j)
    made = 0
    for r in entail[2 * n_each :]:
        if made >= 2 * n_each:
            break
        names = _names(r["hypothesis"])
        words = _content(r["hypothesis"])
        if not names or not words:
            continue
        seen: dict[int, int] = defaultdict(int)
        for w in words - names:
            for j in index.get(w, []):
                seen[j] += 1
        candidates = [j for j, k in seen.items() if k >= 2 and not (names & contents[j]) and rows[j]["premise"] != r["premise"]]
        if not candidates:
            continue
        other = rows[rng.choice(candidates)]["premise"]
        template = rng.random()
        premise = rng.choice(OTHER_DENIAL).format(p=_clause(other)) if template < 0.3 else other
        out.append({"premise": premise, "hypothesis": r["hypothesis"], "label": "neutral",
                    "source": "news_topical_other", "id": f"topical-{made}"})
        made += 1
    return out
