"""``python -m claimtrace.evaluate emergent FILE.csv``: score the stance model on Emergent pairs.

Each (claimHeadline, articleHeadline) pair goes through the claim check's
sentence-level ``StanceModel.predict``; supports / refutes / neutral are read
as Emergent's for / against / observing. Prints accuracy, macro-F1, per-class
F1 and the confusion matrix.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from claimtrace.verify.stance import StanceModel
from claimtrace.verify.stance_data import EMERGENT_LABELS, read_emergent
from claimtrace.verify.stance_metrics import StanceReport, stance_report

CHECK_TO_EMERGENT = {"supports": "for", "refutes": "against", "neutral": "observing"}


def evaluate_emergent(model: StanceModel, path: Path) -> StanceReport:
    """Predict every labelled pair in the file, one claim's headlines per call, and compare with gold."""
    pairs = [p for p in read_emergent(path) if p.stance]
    if not pairs:
        raise ValueError(f"{path} has no labelled rows (needs claimHeadline, articleHeadline, articleHeadlineStance)")
    by_claim: dict[str, list[int]] = defaultdict(list)
    for index, pair in enumerate(pairs):
        by_claim[pair.claim].append(index)
    predicted = [""] * len(pairs)
    for claim, indices in by_claim.items():
        results = model.predict(claim, [pairs[i].headline for i in indices])
        for index, result in zip(indices, results, strict=True):
            predicted[index] = CHECK_TO_EMERGENT[result.label]
    return stance_report([p.stance for p in pairs], predicted, EMERGENT_LABELS)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate emergent", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="CSV with claimHeadline, articleHeadline, articleHeadlineStance")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    args = parser.parse_args(argv)
    report = evaluate_emergent(StanceModel.load(args.model), args.file)
    print(report.render())
    return 0
