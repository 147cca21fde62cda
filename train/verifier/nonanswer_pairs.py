"""Hard neutrals made from the NLI training pairs: non-answers and denials of something else.

Two shapes of news sentence that the shipped model reads as refutation, though neither says the
claim is false:

- a non-answer about P ("asked whether P, a spokesperson declined to comment", "officials would
  neither confirm nor deny that P"): whatever P is, it leaves the claim open: neutral. Made from
  entailing, contradicting and neutral premises alike, so the model cannot read the label off P;
- a denial of something else about the same people ("officials denied reports that Q") where the
  training data says Q neither entails nor contradicts the claim: denying Q settles nothing about
  the claim: neutral. Q comes from the *neutral* pairs of VitaminC, SufficientFacts and Check-COVID
  (topical premises about the claim's own subject), never from SNLI's picture captions. Their
  counterpart, the denial of a premise that entails the claim (refutes), is already made by
  ``news_pairs.py``; this file makes as many again (``n_denied_same``) so that the training mix
  holds both sides of the contrast in equal measure.

Only training premises are used (never dev or test text); every template is generic. Deterministic
for a seed.

    python train/verifier/nonanswer_pairs.py --out .cache/verifier_nonanswer/nonanswer_pairs.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_pairs import DENIED, _clause, _content, _names  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"

NO_COMMENT = [
    "Asked whether {p}, a spokesperson declined to comment.",
    "The company declined to comment on reports that {p}.",
    "Officials would neither confirm nor deny that {p}.",
    "A spokeswoman said the ministry does not comment on speculation that {p}.",
    "The office did not respond to a request for comment on claims that {p}.",
    "Contacted by reporters, the organisation refused to say whether {p}.",
    "\"We will not comment on whether {p},\" a spokesman said.",
    "The government has so far remained silent on reports that {p}.",
    "A representative said it was too early to say whether {p}.",
    "Neither side would comment on whether {p}.",
]
NO_COMMENT_BARE = [
    "A spokesperson declined to comment.",
    "The company did not respond to requests for comment.",
    "Officials said they would not comment while the investigation continues.",
    "The ministry declined to comment on the report.",
    "A spokesman said the office does not comment on rumours.",
    "Her lawyer did not return calls seeking comment.",
    "The embassy declined to comment further.",
    "Asked about the reports, he said he had nothing to add.",
]
NEUTRAL_SOURCES = ("vitaminc_real", "sufficient_facts", "check_covid_train")
_TWO_SENTENCES = re.compile(r"[.!?]\s+[A-Z]")
_OPENS_MID_THOUGHT = re.compile(r"^(?:But|And|However|Also|Then|So|Yet|He|She|They|It|This|Although|Accordingly|Thus|Therefore|Still|Instead|Meanwhile)\b")


def _one_clause(premise: str) -> bool:
    """A premise that reads as one clause once embedded: one sentence, not opening mid-thought."""
    text = premise.strip()
    return not _TWO_SENTENCES.search(text) and not _OPENS_MID_THOUGHT.match(text) and "&#" not in text


def _about_something_else(premise: str, claim: str) -> bool:
    """The premise shares none of the claim's predicate words (its content words that are not
    names): a premise that nearly states the claim (SufficientFacts' evidence with one part removed)
    would, denied, refute it, so it is not a denial of something else."""
    predicate = _content(claim) - _names(claim)
    return not predicate & _content(premise)


def nonanswer_pairs(rows: Iterable[dict], n_denied: int = 1200, n_no_comment: int = 1200, n_bare: int = 200,
                    n_denied_same: int = 1000, seed: int = 13) -> list[dict]:
    """Neutral pairs (denials of a premise that does not bear on the claim, non-answers) and, for
    contrast, denials of a premise that entails the claim (refutes)."""
    rng = random.Random(seed)
    rows = [r for r in rows if len(r["premise"]) < 400 and not r["source"].startswith("snli") and _one_clause(r["premise"])]
    neutral = [r for r in rows if r["label"] == "neutral" and r["source"].startswith(NEUTRAL_SOURCES)
               and _about_something_else(r["premise"], r["hypothesis"])]
    any_label = list(rows)
    entail = [r for r in rows if r["label"] == "entailment"]
    rng.shuffle(neutral)
    rng.shuffle(any_label)
    rng.shuffle(entail)
    out: list[dict] = []
    for i, r in enumerate(neutral[:n_denied]):
        out.append({"premise": rng.choice(DENIED).format(p=_clause(r["premise"])), "hypothesis": r["hypothesis"],
                    "label": "neutral", "source": "news_denied_other", "id": f"denied-other-{i}"})
    for i, r in enumerate(any_label[:n_no_comment]):
        out.append({"premise": rng.choice(NO_COMMENT).format(p=_clause(r["premise"])), "hypothesis": r["hypothesis"],
                    "label": "neutral", "source": "news_no_comment", "id": f"no-comment-{i}"})
    for i, r in enumerate(any_label[n_no_comment : n_no_comment + n_bare]):
        out.append({"premise": rng.choice(NO_COMMENT_BARE), "hypothesis": r["hypothesis"],
                    "label": "neutral", "source": "news_no_comment_bare", "id": f"no-comment-bare-{i}"})
    for i, r in enumerate(entail[:n_denied_same]):
        out.append({"premise": rng.choice(DENIED).format(p=_clause(r["premise"])), "hypothesis": r["hypothesis"],
                    "label": "contradiction", "source": "news_denied", "id": f"denied-same-{i}"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "nli" / "train_permissive.jsonl")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    pairs = nonanswer_pairs(rows, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p["source"]] = counts.get(p["source"], 0) + 1
    print(f"{len(pairs)} pairs: {counts}")


if __name__ == "__main__":
    main()
