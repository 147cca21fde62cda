"""Claim-check verdicts on a JSONL claim set: accuracy, macro-F1, confusion matrix, one line a claim.

    python -m claimtrace.evaluate claimset CLAIMS.jsonl CORPUS_DIR [--corpus NAME] [--db PATH]
                                           [--format text|json] [--limit N] [--verbose]

CLAIMS.jsonl holds one claim a line, in either of two shapes:

- ours (``examples/BLIND_CLAIMS.jsonl``, ``examples/SEEDS_CLAIMS.jsonl``): ``id``, ``claim``,
  ``verdict``, optional ``also_acceptable`` (a list of verdicts that also count right), ``as_of``
  (passed to the check; null = the whole corpus), ``corpus`` (which corpus the claim is about) and
  ``why``;
- Emergent's (``../shared/data/claims_emergent/claims_dev.jsonl``): ``claim_id``, ``claim``,
  ``verdict``, ``fnc1_body_ids``. Build its corpus first with ``python bench/emergent_corpus.py
  /tmp/emergent_corpus`` (one text file per FNC-1 body, outside the repository).

CORPUS_DIR is ingested into a temporary SQLite database, or into ``--db`` unless that database already
holds documents (then it is used as it is). Every claim (of ``--corpus NAME`` when the file covers
several corpora) goes through ``claimtrace.service.Workbench.check``. A verdict is right when it is the
gold one or one of ``also_acceptable``; so "Conflicting" is wrong wherever neither lists it. Macro-F1
is over the gold verdicts present in the set, with an acceptable verdict counted as the gold one; the
confusion matrix shows the verdicts as given (rows gold, columns predicted).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

VERDICTS = ("Supported", "Refuted", "Not enough evidence", "Conflicting")


@dataclass(frozen=True)
class SetClaim:
    id: str
    claim: str
    verdict: str
    also_acceptable: tuple[str, ...] = ()
    as_of: str | None = None
    corpus: str | None = None


@dataclass(frozen=True)
class ClaimsetScore:
    """Figures for one run; ``confusion`` rows are ``labels`` (gold), columns ``columns`` (predicted)."""

    n: int
    right: int
    accuracy: float
    macro_f1: float
    labels: tuple[str, ...]
    columns: tuple[str, ...]
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]]
    right_by_item: tuple[bool, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "right": self.right,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_class": {k: {m: round(v, 4) for m, v in d.items()} for k, d in self.per_class.items()},
            "confusion": {"rows_gold": list(self.labels), "columns_predicted": list(self.columns), "matrix": self.confusion},
        }

    def render(self) -> str:
        lines = [
            f"claims: {self.n}   right: {self.right}   accuracy: {self.accuracy:.3f}   macro-F1: {self.macro_f1:.3f}",
            "per gold verdict (precision / recall / F1, acceptable verdicts counted as gold):",
        ]
        for label, d in self.per_class.items():
            lines.append(f"  {label:<20} P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  (gold {int(d['support'])})")
        short = {"Supported": "Supp", "Refuted": "Ref", "Not enough evidence": "NEE", "Conflicting": "Confl"}
        width = max(7, *(len(short.get(c, c)) + 2 for c in self.columns))
        lines.append("confusion matrix (rows gold, columns predicted, verdicts as given):")
        lines.append(" " * 22 + "".join(f"{short.get(c, c):>{width}}" for c in self.columns))
        for label, row in zip(self.labels, self.confusion, strict=True):
            lines.append(f"  {label:<20}" + "".join(f"{count:>{width}}" for count in row))
        return "\n".join(lines)


def score(gold: Sequence[str], predicted: Sequence[str], also: Sequence[Sequence[str]] | None = None) -> ClaimsetScore:
    """Score predicted verdicts against gold ones, ``also[i]`` listing further verdicts that count right for item i.

    >>> s = score(["Supported", "Refuted"], ["Supported", "Conflicting"])
    >>> (s.right, s.accuracy, s.columns)
    (1, 0.5, ('Supported', 'Refuted', 'Conflicting'))
    """
    also = list(also) if also is not None else [()] * len(gold)
    if not len(gold) == len(predicted) == len(also):
        raise ValueError(f"{len(gold)} gold, {len(predicted)} predicted and {len(also)} also-acceptable lists differ in length")
    right = tuple(p == g or p in a for g, p, a in zip(gold, predicted, also))
    counted = [g if ok else p for g, p, ok in zip(gold, predicted, right)]  # an acceptable verdict counts as the gold one
    labels = tuple(v for v in VERDICTS if v in gold) + tuple(sorted(set(gold) - set(VERDICTS)))
    columns = labels + tuple(v for v in VERDICTS if v in predicted and v not in labels) + tuple(
        sorted(set(predicted) - set(VERDICTS) - set(labels)))
    confusion = [[sum(1 for g, p in zip(gold, predicted) if g == row and p == col) for col in columns] for row in labels]
    per_class: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, c in zip(gold, counted) if g == label and c == label)
        n_pred = sum(1 for c in counted if c == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": float(n_gold)}
    n = len(gold)
    return ClaimsetScore(
        n=n,
        right=sum(right),
        accuracy=sum(right) / n if n else 0.0,
        macro_f1=sum(d["f1"] for d in per_class.values()) / len(per_class) if per_class else 0.0,
        labels=labels,
        columns=columns,
        per_class=per_class,
        confusion=confusion,
        right_by_item=right,
    )


def read_claims(path: Path, corpus: str | None = None) -> list[SetClaim]:
    """Claims of a JSONL file in our shape or Emergent's, those of ``corpus`` only when given.

    Raises ValueError (naming the line) on a line that is not JSON, lacks a claim or has an unknown
    verdict, and when the file covers several corpora and ``corpus`` does not pick one.
    """
    claims: list[SetClaim] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            claim_id = row.get("id", row.get("claim_id")) if isinstance(row, dict) else None
            if claim_id is None or not row.get("claim") or "verdict" not in row:
                raise ValueError(f"{path}:{number}: needs id (or claim_id), claim and verdict")
            also_field = row.get("also_acceptable") or ()
            also = (also_field,) if isinstance(also_field, str) else tuple(also_field)  # one verdict, or a list
            for verdict in (row["verdict"], *also):
                if verdict not in VERDICTS:
                    raise ValueError(f"{path}:{number}: unknown verdict {verdict!r}; use one of {', '.join(VERDICTS)}")
            claims.append(SetClaim(str(claim_id), row["claim"], row["verdict"], also, row.get("as_of") or None, row.get("corpus")))
    corpora = sorted({c.corpus for c in claims if c.corpus})
    if corpus is not None:
        if corpus not in corpora:
            raise ValueError(f"{path} has no claims of corpus {corpus!r}" + (f" (it has: {', '.join(corpora)})" if corpora else ""))
        return [c for c in claims if c.corpus == corpus]
    if len(corpora) > 1:
        raise ValueError(f"{path} holds claims over several corpora ({', '.join(corpora)}); pick one with --corpus")
    return claims


def _git(*args: str, cwd: Path) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def provenance_of_run(claims_file: Path) -> dict[str, str | bool | None]:
    """The commit that last changed the claims file and the commit the code runs at (with uncommitted changes or not)."""
    here = Path(__file__).resolve().parent
    folder = claims_file.resolve().parent
    return {
        "claims_file_commit": _git("log", "-1", "--format=%h", "--", claims_file.resolve().name, cwd=folder),
        "code_commit": _git("rev-parse", "--short", "HEAD", cwd=here),
        "code_uncommitted_changes": bool(_git("status", "--porcelain", "--untracked-files=no", "--", ":/src", cwd=here)),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate claimset", description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=Path, help="JSONL claim set")
    parser.add_argument("corpus_dir", type=Path, help="folder of articles the claims are about")
    parser.add_argument("--corpus", help="only the claims whose corpus field is NAME (needed when the file covers several)")
    parser.add_argument("--db", help="corpus database (SQLite path or postgresql:// URL); ingested unless it already has documents")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--limit", type=int, default=None, help="only the first N claims (to try the evaluator itself)")
    parser.add_argument("--verbose", action="store_true", help="print the explanation and top evidence of each miss")
    args = parser.parse_args(argv)

    try:
        claims = read_claims(args.claims, args.corpus)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.limit is not None:
        claims = claims[: max(args.limit, 0)]
    if not claims:
        print(f"error: no claims to check in {args.claims}", file=sys.stderr)
        return 2
    if not args.corpus_dir.is_dir():
        print(f"error: {args.corpus_dir} is not a folder of articles", file=sys.stderr)
        return 2

    from claimtrace.service import Workbench

    rows: list[dict] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "claimset.db")
        with Workbench(db) as bench:
            ingested = not bench.documents()
            if ingested:
                report = bench.ingest([str(args.corpus_dir)])
                if not report.ingested:
                    print(f"error: nothing ingested from {args.corpus_dir}", file=sys.stderr)
                    return 2
            documents = len(bench.documents())
            for c in claims:
                t0 = time.perf_counter()
                try:
                    result = bench.check(c.claim, c.as_of)
                    predicted, confidence, error = result.verdict.label, round(result.verdict.confidence, 3), None
                except Exception as exc:  # one failing claim is a miss, not the end of the run
                    result, predicted, confidence, error = None, "error", None, f"{type(exc).__name__}: {exc}"
                ok = predicted == c.verdict or predicted in c.also_acceptable
                row = {"id": c.id, "claim": c.claim, "as_of": c.as_of, "gold": c.verdict,
                       "also_acceptable": list(c.also_acceptable), "predicted": predicted, "confidence": confidence,
                       "right": ok, "seconds": round(time.perf_counter() - t0, 2)}
                if error:
                    row["error"] = error
                rows.append(row)
                if args.format == "text":
                    also = f" (also {', '.join(c.also_acceptable)})" if c.also_acceptable else ""
                    when = f" [as of {c.as_of}]" if c.as_of else ""
                    print(f"{'ok  ' if ok else 'MISS'} {c.id:<10} {predicted:<20} gold {c.verdict}{also}: {c.claim}{when}", flush=True)
                    if error:
                        print(f"      {error}")
                    elif args.verbose and not ok and result is not None:
                        print(f"      {result.explanation}")
                        for e in (result.evidence_for + result.evidence_against)[:6]:
                            print(f"      {e.stance:8} {e.stance_probability:.2f} w={e.weight:.2f} [{e.speaker_type}] {e.text[:140]}")
    figures = score([r["gold"] for r in rows], [r["predicted"] for r in rows], [r["also_acceptable"] for r in rows])
    run = {"claims_file": str(args.claims), "corpus_dir": str(args.corpus_dir), "corpus": args.corpus,
           "documents": documents, "ingested_now": ingested, "limit": args.limit,
           "seconds": round(time.perf_counter() - started, 1), **provenance_of_run(args.claims)}
    if args.format == "json":
        payload = {"schema": "claimtrace.evaluate.claimset", "schema_version": 1, "run": run, **figures.to_dict(), "claims": rows}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        print()
        print(figures.render())
        print(f"claims file {args.claims} at commit {run['claims_file_commit'] or '?'}; code at {run['code_commit'] or '?'}"
              + (" with uncommitted changes" if run["code_uncommitted_changes"] else "")
              + f"; {documents} documents; {run['seconds']} s")
    return 0
