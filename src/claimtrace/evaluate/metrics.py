"""Accuracy, macro-F1, per-class figures and a printable confusion matrix, for any labelled set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelReport:
    """Figures for one labelled set, ready to print or to store as JSON."""

    labels: tuple[str, ...]  # gold labels: the matrix's rows
    columns: tuple[str, ...]  # predicted labels: the rows' labels, then any others predicted
    pairs: int
    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    confusion: list[list[int]]  # rows gold, columns predicted, in ``labels`` order

    def to_dict(self) -> dict:
        return {
            "items": self.pairs,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_class_f1": {k: round(v, 4) for k, v in self.per_class_f1.items()},
            "labels": list(self.labels),
            "predicted_labels": list(self.columns),
            "confusion_rows_gold_cols_predicted": self.confusion,
        }

    def render(self) -> str:
        lines = [f"items: {self.pairs}", f"accuracy: {self.accuracy:.4f}", f"macro-F1: {self.macro_f1:.4f}"]
        lines.append("per-class F1: " + ", ".join(f"{label} {value:.3f}" for label, value in self.per_class_f1.items()))
        lines.append("confusion matrix (rows gold, columns predicted):")
        width = max(len(label) for label in self.columns) + 2
        lines.append(" " * width + "".join(f"{label:>{width}}" for label in self.columns))
        for label, row in zip(self.labels, self.confusion, strict=True):
            lines.append(f"{label:<{width}}" + "".join(f"{count:>{width}}" for count in row))
        return "\n".join(lines)


def label_report(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> LabelReport:
    """Accuracy, macro-F1 over the ``labels`` that occur in gold, per-class F1 and the confusion matrix.

    A predicted label outside ``labels`` (say "Conflicting" where no gold item is) counts as wrong
    and is a column of its own in the matrix.

    >>> label_report(["a", "b", "b"], ["a", "b", "a"], ["a", "b"]).accuracy
    0.6666666666666666
    """
    columns = list(labels) + sorted({p for p in predicted} - set(labels))
    index = {label: i for i, label in enumerate(columns)}
    confusion = [[0] * len(columns) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        if g in index and index[g] < len(labels):
            confusion[index[g]][index[p]] += 1
    per_class: dict[str, float] = {}
    for i, label in enumerate(labels):
        tp = confusion[i][i]
        predicted_n = sum(row[i] for row in confusion)
        gold_n = sum(confusion[i])
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / gold_n if gold_n else 0.0
        per_class[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    present = [per_class[l] for i, l in enumerate(labels) if sum(confusion[i])]
    n = len(gold)
    return LabelReport(
        labels=tuple(labels),
        columns=tuple(columns),
        pairs=n,
        accuracy=sum(1 for g, p in zip(gold, predicted) if g == p) / n if n else 0.0,
        macro_f1=sum(present) / len(present) if present else 0.0,
        per_class_f1=per_class,
        confusion=confusion,
    )
