"""``python -m claimtrace.evaluate emergent FILE.csv``: score the verification model on Emergent headline pairs.

Each (article headline, claim) pair goes through the claim check's verifier;
supports / refutes / neutral are read as Emergent's for / against /
observing. The verifier never saw Emergent or FNC-1 in training, so this is
an out-of-domain figure. Prints accuracy, macro-F1, per-class F1 and the
confusion matrix.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from claimtrace.evaluate.claimset import ClaimsetScore, score

CHECK_TO_EMERGENT = {"supports": "for", "refutes": "against", "neutral": "observing"}


def read_emergent(path: Path) -> list[tuple[str, str, str]]:
    """(claim, article headline, stance) for every labelled row of an Emergent CSV."""
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (row["claimHeadline"], row["articleHeadline"], (row.get("articleHeadlineStance") or "").strip().lower())
        for row in rows
        if (row.get("articleHeadlineStance") or "").strip()
    ]


def evaluate_emergent(path: Path, model_dir: Path | None = None) -> ClaimsetScore:
    from claimtrace.verify.verifier import Verifier

    pairs = read_emergent(path)
    if not pairs:
        raise ValueError(f"{path} has no labelled rows (needs claimHeadline, articleHeadline, articleHeadlineStance)")
    verifier = Verifier.load(model_dir)
    probs = verifier.probabilities([h for _, h, _ in pairs], [c for c, _, _ in pairs])
    predicted = [CHECK_TO_EMERGENT[verifier.labels[int(row.argmax())]] for row in probs]
    return score([s for _, _, s in pairs], predicted)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate emergent", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="CSV with claimHeadline, articleHeadline, articleHeadlineStance")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    args = parser.parse_args(argv)
    print(evaluate_emergent(args.file, args.model).render())
    return 0
