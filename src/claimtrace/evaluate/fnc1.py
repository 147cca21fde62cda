"""``python -m claimtrace.evaluate fnc1 STANCES.csv BODIES.csv``: score the stance model on FNC-1 files.

Prints the FNC-1 score (official weighting, % of the best possible), macro-F1
over the four labels, per-class F1 and the confusion matrix. Any files in the
FNC-1 layout work: stances (Headline, Body ID, Stance) and bodies (Body ID,
articleBody).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimtrace.verify.stance import StanceModel
from claimtrace.verify.stance_data import FNC_LABELS, read_fnc_bodies, read_fnc_stances
from claimtrace.verify.stance_metrics import StanceReport, stance_report


def evaluate_fnc(model: StanceModel, stances_path: Path, bodies_path: Path) -> StanceReport:
    """Predict every labelled pair in the files and compare with the gold stances."""
    pairs = [p for p in read_fnc_stances(stances_path) if p.stance]
    if not pairs:
        raise ValueError(f"{stances_path} has no labelled rows (needs Headline, Body ID, Stance)")
    bodies = read_fnc_bodies(bodies_path)
    missing = sorted({p.body_id for p in pairs} - bodies.keys())
    if missing:
        raise ValueError(f"{len(missing)} Body IDs are not in {bodies_path}, e.g. {missing[:3]}")
    predicted = model.predict_fnc([(p.headline, p.body_id) for p in pairs], bodies)
    return stance_report([p.stance for p in pairs], predicted, FNC_LABELS, with_fnc_score=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate fnc1", description=__doc__.splitlines()[0])
    parser.add_argument("stances", type=Path, help="CSV with Headline, Body ID, Stance")
    parser.add_argument("bodies", type=Path, help="CSV with Body ID, articleBody")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    args = parser.parse_args(argv)
    report = evaluate_fnc(StanceModel.load(args.model), args.stances, args.bodies)
    print(report.render())
    return 0
