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

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

NLI_LABELS = ["entailment", "contradiction", "neutral"]  # the model's output order: supports, refutes, neutral


def read_pairs(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def summarise(gold: list[int], pred: list[int]) -> dict:
    """Accuracy, macro-F1 and per-class precision / recall / F1 over the three labels."""
    out: dict = {"n": len(gold), "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold)), 4)}
    f1s = []
    for k, name in enumerate(NLI_LABELS):
        tp = sum(g == k and p == k for g, p in zip(gold, pred))
        fp = sum(g != k and p == k for g, p in zip(gold, pred))
        fn = sum(g == k and p != k for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        out[name] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)}
    out["macro_f1"] = round(sum(f1s) / 3, 4)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--model", type=Path, default=REPO / "src" / "claimtrace" / "models" / "verifier")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    from claimtrace.verify.verifier import Verifier

    rows = read_pairs(args.files)
    probs = Verifier.load(args.model).probabilities([r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    gold = [NLI_LABELS.index(r["label"]) for r in rows]
    pred = [int(p.argmax()) for p in probs]
    report = summarise(gold, pred)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for r, g, p in zip(rows, gold, pred):
        by_kind[r.get("phenomenon", "-")]["right" if g == p else "wrong"] += 1
    report["by_phenomenon"] = {k: round(c["right"] / (c["right"] + c["wrong"]), 3) for k, c in sorted(by_kind.items())}
    print(f"model: {args.model}")
    print(f"pairs {report['n']}  accuracy {report['accuracy']:.3f}  macro-F1 {report['macro_f1']:.3f}")
    for name in NLI_LABELS:
        s = report[name]
        print(f"  {name:<14} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    for kind, acc in report["by_phenomenon"].items():
        print(f"  {kind:<18} {acc:.3f}  ({sum(by_kind[kind].values())})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
