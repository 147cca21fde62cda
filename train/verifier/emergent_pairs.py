"""News pairs labelled by journalists: Emergent's (article headline, claim) stances as verifier pairs.

Emergent (Ferreira & Vlachos 2016) labels each article headline's stance towards its rumour: ``for``
(the headline asserts the claim), ``against`` (it debunks or denies it), ``observing`` (it reports the
claim without taking a side: "Man says he ...", "Report: ..."). Read as (evidence, claim) pairs these are
supports / refutes / neutral in the verifier's sense, and they are the shapes the NLI data never shows: a
hedged or attributed report of a claim is not support for it.

``../shared/data/claims_emergent`` (the end-to-end check's dev set) is built from the same rumours, so the
rumours of its held-out half (odd lines, by default) are left out here: its pairs never reach training and
that half stays unseen by the model. Which rumours were used is written beside the pairs.

    python train/verifier/emergent_pairs.py --out .cache/verifier_emergent/emergent_pairs.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
STANCE_TO_LABEL = {"for": "entailment", "against": "contradiction", "observing": "neutral"}


HALVES = ("odd", "even", "all", "none")


def held_out_rows(claims_file: Path, half: str) -> list[dict]:
    """The claims_emergent lines kept unseen: ``odd`` (1, 3, ...), ``even``, ``all`` or ``none``."""
    rows = [json.loads(line) for line in claims_file.open(encoding="utf-8") if line.strip()]
    keep = {"odd": lambda i: i % 2 == 1, "even": lambda i: i % 2 == 0, "all": lambda i: True, "none": lambda i: False}[half]
    return [r for i, r in enumerate(rows) if keep(i)]


def held_out_claims(claims_file: Path, half: str) -> set[str]:
    """Claim ids of the claims_emergent lines kept unseen (``held_out_rows``)."""
    return {r["claim_id"] for r in held_out_rows(claims_file, half)}


def emergent_pairs(emergent_csv: Path, held_out: set[str]) -> tuple[list[dict], list[str]]:
    """(pairs, claim ids used): one pair per (headline, claim), headlines that repeat for a claim kept once."""
    pairs: list[dict] = []
    used: dict[str, None] = {}
    seen: set[tuple[str, str]] = set()
    with emergent_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            claim_id, stance = row["claimId"], row["articleHeadlineStance"].strip().lower()
            premise, hypothesis = " ".join(row["articleHeadline"].split()), " ".join(row["claimHeadline"].split())
            if claim_id in held_out or stance not in STANCE_TO_LABEL or not premise or not hypothesis:
                continue
            if (premise.lower(), hypothesis.lower()) in seen:
                continue
            seen.add((premise.lower(), hypothesis.lower()))
            used[claim_id] = None
            pairs.append({"premise": premise, "hypothesis": hypothesis, "label": STANCE_TO_LABEL[stance], "source": "emergent"})
    return pairs, list(used)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--emergent", type=Path, default=SHARED / "emergent" / "emergent_train.csv")
    ap.add_argument("--claims", type=Path, default=SHARED / "claims_emergent" / "claims_dev.jsonl")
    ap.add_argument("--hold-out", default="odd", choices=HALVES,
                    help="which claims_emergent lines' rumours to leave out (default: odd, the held-out half)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    held_out = held_out_claims(args.claims, args.hold_out)
    pairs, used = emergent_pairs(args.emergent, held_out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    args.out.with_suffix(".claims.json").write_text(json.dumps({"held_out": args.hold_out, "claim_ids_used": used}, indent=1) + "\n")
    counts = {label: sum(p["label"] == label for p in pairs) for label in STANCE_TO_LABEL.values()}
    print(f"{len(pairs)} pairs from {len(used)} rumours ({len(held_out)} held out): {counts}")


if __name__ == "__main__":
    main()
