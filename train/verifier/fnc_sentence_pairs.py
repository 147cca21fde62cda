"""News pairs at sentence level: FNC-1 stances read as (body sentence, headline) verifier pairs.

FNC-1 (built from Emergent's articles) labels each (article headline, article body) pair ``agree``,
``disagree``, ``discuss`` or ``unrelated``. The claim check reads single sentences of bodies, so each
labelled pair becomes one pair of (the body sentence that shares most content words with the headline,
the headline): ``agree`` -> supports, ``disagree`` -> refutes, ``discuss`` -> neutral (the article
reports the claim without taking a side: "X is reported to ..."). A body whose best sentence shares too
little with the headline gives no pair: that sentence is not where the article says it.

The end-to-end set ``../shared/data/claims_emergent`` reads the same bodies, so the bodies of its held-out
half (odd lines, by default) are left out here, and which bodies were used is written beside the pairs.

    python train/verifier/fnc_sentence_pairs.py --out .cache/verifier_fnc/fnc_pairs.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

from emergent_pairs import HALVES, held_out_rows  # run as a script: this folder is on the path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
STANCE_TO_LABEL = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral"}
MIN_SHARED = 0.5  # share of the headline's content words the chosen sentence must hold
# A headline that denies or debunks ("No, a spider didn't ...") turns its body's stance around at sentence level:
# the best-matching sentence then states the hoax the article rejects. Such headlines give no pair.
_NEGATED = re.compile(r"(?i)\b(no|not|never|denies|denied|deny|fake|hoax|false|myth|debunk\w*|isn't|didn't|doesn't|won't|n't)\b|n't\b|\?")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019]))\s+(?=[\"'\u201c\u2018]?[A-Z])")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had it its this that these those "
    "with by from as into after over about than then he she they we you i his her their our your not no will would "
    "can could may might says said say report reports reported".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased content words, a crude stem (plural -s) so 'pacts' meets 'pact'."""
    return {w[:-1] if len(w) > 4 and w.endswith("s") else w for w in _WORD.findall(text.lower()) if w not in _STOP}


def sentences(body: str) -> list[str]:
    out = []
    for para in body.split("\n"):
        out.extend(s.strip() for s in _SENTENCE_END.split(para) if 20 <= len(s.strip()) <= 600)
    return out


def best_sentence(headline: str, body: str) -> tuple[str, float] | None:
    """The body sentence holding the largest share of the headline's content words."""
    want = content_words(headline)
    if not want:
        return None
    scored = [(len(want & content_words(s)) / len(want), -k, s) for k, s in enumerate(sentences(body))]
    if not scored:
        return None
    share, _, sentence = max(scored)
    return sentence, share


def held_out_bodies(claims_file: Path, half: str) -> set[str]:
    """Body ids of the claims_emergent lines kept unseen (the same halves as ``emergent_pairs.py``)."""
    return {str(b) for r in held_out_rows(claims_file, half) for b in r.get("fnc1_body_ids", [])}


def fnc_pairs(stances_csv: Path, bodies_csv: Path, held_out: set[str], per_label: int, seed: int) -> tuple[list[dict], list[str]]:
    with bodies_csv.open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    by_label: dict[str, list[dict]] = {label: [] for label in STANCE_TO_LABEL.values()}
    used: dict[str, None] = {}
    seen: set[tuple[str, str]] = set()
    with stances_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            body_id, stance = row["Body ID"], row["Stance"].strip().lower()
            if body_id in held_out or stance not in STANCE_TO_LABEL or body_id not in bodies:
                continue
            headline = " ".join(row["Headline"].split())
            if _NEGATED.search(headline):
                continue
            found = best_sentence(headline, bodies[body_id])
            if found is None or found[1] < MIN_SHARED:
                continue
            premise = " ".join(found[0].split())
            if (premise.lower(), headline.lower()) in seen:
                continue
            seen.add((premise.lower(), headline.lower()))
            used[body_id] = None
            label = STANCE_TO_LABEL[stance]
            by_label[label].append({"premise": premise, "hypothesis": headline, "label": label, "source": f"fnc1-{stance}"})
    rng = random.Random(seed)
    pairs: list[dict] = []
    for rows in by_label.values():
        rng.shuffle(rows)
        pairs.extend(rows[:per_label])
    rng.shuffle(pairs)
    return pairs, list(used)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stances", type=Path, default=SHARED / "fnc1" / "train_stances.csv")
    ap.add_argument("--bodies", type=Path, default=SHARED / "fnc1" / "train_bodies.csv")
    ap.add_argument("--claims", type=Path, default=SHARED / "claims_emergent" / "claims_dev.jsonl")
    ap.add_argument("--hold-out", default="odd", choices=HALVES,
                    help="whose claims_emergent lines' bodies to leave out (default: odd, the held-out half)")
    ap.add_argument("--per-label", type=int, default=1500, help="at most this many pairs of each label")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    held_out = held_out_bodies(args.claims, args.hold_out)
    pairs, used = fnc_pairs(args.stances, args.bodies, held_out, args.per_label, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    args.out.with_suffix(".bodies.json").write_text(json.dumps({"held_out": args.hold_out, "body_ids_used": used}) + "\n")
    counts = {label: sum(p["label"] == label for p in pairs) for label in STANCE_TO_LABEL.values()}
    print(f"{len(pairs)} pairs from {len(used)} bodies ({len(held_out)} bodies held out): {counts}")


if __name__ == "__main__":
    main()
