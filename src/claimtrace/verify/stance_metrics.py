"""The FNC-1 score, macro-F1 and a printable confusion matrix.

The FNC-1 score is computed as the official scorer does: +0.25 for a correct
'unrelated'; for a related gold pair +0.25 for any related prediction and
+0.75 more for the exact label; reported as a share of the best possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from claimtrace.verify.stance_data import RELATED_LABELS


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """(score, best possible score) under the official FNC-1 weighting."""
    score = best = 0.0
    for gold_label, predicted_label in zip(gold, predicted, strict=True):
        gold_related = gold_label in RELATED_LABELS
        best += 1.0 if gold_related else 0.25
        if gold_label == predicted_label:
            score += 0.25
            if gold_related:
                score += 0.5
        if gold_related and predicted_label in RELATED_LABELS:
            score += 0.25
    return score, best


@dataclass(frozen=True)
class StanceReport:
    """Figures for one labelled set, ready to print or to store as JSON."""

    labels: tuple[str, ...]
    pairs: int
    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    confusion: list[list[int]]
    fnc_score_pct: float | None = None

    def to_dict(self) -> dict:
        return {
            "pairs": self.pairs,
            "fnc_score_pct": self.fnc_score_pct,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class_f1": self.per_class_f1,
            "labels": list(self.labels),
            "confusion_rows_gold_cols_predicted": self.confusion,
        }

    def render(self) -> str:
        lines = []
        if self.fnc_score_pct is not None:
            lines.append(f"FNC-1 score: {self.fnc_score_pct:.2f}%")
        lines.append(f"pairs: {self.pairs}")
        lines.append(f"accuracy: {self.accuracy:.4f}")
        lines.append(f"macro-F1: {self.macro_f1:.4f}")
        lines.append("per-class F1: " + ", ".join(f"{label} {value:.3f}" for label, value in self.per_class_f1.items()))
        lines.append("confusion matrix (rows gold, columns predicted):")
        width = max(len(label) for label in self.labels) + 2
        lines.append(" " * width + "".join(f"{label:>{width}}" for label in self.labels))
        for label, row in zip(self.labels, self.confusion, strict=True):
            lines.append(f"{label:<{width}}" + "".join(f"{count:>{width}}" for count in row))
        return "\n".join(lines)


def stance_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str], with_fnc_score: bool = False
) -> StanceReport:
    """Accuracy, macro-F1 over ``labels``, per-class F1, the confusion matrix and optionally the FNC-1 score."""
    per_class = f1_score(gold, predicted, labels=list(labels), average=None, zero_division=0)
    fnc_pct = None
    if with_fnc_score:
        score, best = fnc_score(gold, predicted)
        fnc_pct = 100.0 * score / best if best else 0.0
    return StanceReport(
        labels=tuple(labels),
        pairs=len(gold),
        accuracy=float(accuracy_score(gold, predicted)) if len(gold) else 0.0,
        macro_f1=float(np.mean(per_class)) if len(gold) else 0.0,
        per_class_f1={label: float(value) for label, value in zip(labels, per_class, strict=True)},
        confusion=confusion_matrix(gold, predicted, labels=list(labels)).tolist(),
        fnc_score_pct=fnc_pct,
    )
