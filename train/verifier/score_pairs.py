"""Score a shipped-format verifier folder on pair files: accuracy, macro-F1, per class and per phenomenon.

    python train/verifier/score_pairs.py [--model DIR] FILE.jsonl [FILE.jsonl ...]

Runs the model as the claim check does (onnxruntime, int8), so a candidate is compared on the figures
that reach users. Rows are ``{"premise", "hypothesis", "label"}`` with NLI labels (entailment /
contradiction / neutral); an optional ``phenomenon`` field gets its own accuracy line, which is where
the hand-written news pairs (``news_fiction/``) show what a model still gets wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

LABELS = ["supports", "refutes", "neutral"]  # the model's output order
NLI_TO_LABEL = {"entailment": 0, "contradiction": 1, "neutral": 2}


def read_pairs(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def scores(rows: list[dict], probs: np.ndarray) -> dict:
    """Accuracy, macro-F1 over the labels present and per-class figures of ``probs`` against ``rows``'
    labels: what ``train.py`` writes to ``metrics.json`` (it imports this, torch-free, from here)."""
    gold = np.array([NLI_TO_LABEL[r["label"]] for r in rows])
    pred = probs.argmax(1)
    per_class = {}
    for k, name in enumerate(LABELS):
        tp = int(((pred == k) & (gold == k)).sum())
        p = tp / max(1, int((pred == k).sum()))
        r = tp / max(1, int((gold == k).sum()))
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_class[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": int((gold == k).sum())}
    present = [v["f1"] for v in per_class.values() if v["support"]]
    return {
        "pairs": len(rows),
        "accuracy": round(float((pred == gold).mean()), 4),
        "macro_f1": round(float(np.mean(present)), 4),
        "per_class": per_class,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--model", type=Path, default=REPO / "src" / "claimtrace" / "models" / "verifier")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    from claimtrace.verify.verifier import Verifier

    rows = read_pairs(args.files)
    probs = Verifier.load(args.model).probabilities([r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    report = scores(rows, probs)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for r, p in zip(rows, probs.argmax(1)):
        by_kind[r.get("phenomenon", "-")]["right" if NLI_TO_LABEL[r["label"]] == p else "wrong"] += 1
    report["by_phenomenon"] = {k: round(c["right"] / (c["right"] + c["wrong"]), 3) for k, c in sorted(by_kind.items())}
    print(f"model: {args.model}")
    print(f"pairs {report['pairs']}  accuracy {report['accuracy']:.3f}  macro-F1 {report['macro_f1']:.3f}")
    for name, s in report["per_class"].items():
        print(f"  {name:<14} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    for kind, acc in report["by_phenomenon"].items():
        print(f"  {kind:<18} {acc:.3f}  ({sum(by_kind[kind].values())})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
