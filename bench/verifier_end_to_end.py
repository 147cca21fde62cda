"""Score a verifier model end to end: the claim check's verdicts on every claim set, with that model.

    python bench/verifier_end_to_end.py [--model DIR] [--sets demo,heldout,seeds,rumour,health]
                                        [--emergent-db PATH] [--work DIR] [--predictions FILE.json]
                                        [--min-stance 0.85,0.9,0.93]

A candidate verifier (say, from a GPU run) is chosen by these figures, not by its NLI dev score alone:
a model better on ``dev_permissive`` can be worse at the claim check (see the model card). Databases
are built once in ``--work`` and reused (delete them after an ingest change). ``--emergent-db`` adds
claims_emergent over a database holding all its bodies (``python bench/emergent_corpus.py
/tmp/emergent_corpus --all-bodies`` then ``claimtrace ingest /tmp/emergent_corpus --db PATH``), scored on
all, even and odd lines (the verdict thresholds were chosen on the even ones).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import claimtrace.verify.verifier as verifier_module  # noqa: E402
from claimtrace.evaluate.claims import read_answer_key  # noqa: E402
from claimtrace.evaluate.claimset import read_claims, score  # noqa: E402

EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


def claim_sets() -> dict[str, tuple[Path | None, str, list[tuple]]]:
    """name -> (articles folder, database name, [(id, claim, as_of, verdict, also acceptable)])."""
    def key(path: Path) -> list[tuple]:
        return [(c.id, c.claim, c.as_of, c.expected, c.also) for c in read_answer_key(path)]

    def jsonl(path: Path, corpus: str) -> list[tuple]:
        return [(c.id, c.claim, c.as_of, c.verdict, c.also_acceptable) for c in read_claims(path, corpus=corpus)]

    return {
        "demo": (EXAMPLES / "demo_corpus" / "articles", "demo.db", key(EXAMPLES / "demo_corpus" / "CLAIMS.md")),
        "heldout": (EXAMPLES / "demo_corpus" / "articles", "demo.db", key(EXAMPLES / "demo_corpus" / "CLAIMS_HELDOUT.md")),
        "seeds": (SHARED / "seeds", "seeds.db", jsonl(EXAMPLES / "SEEDS_CLAIMS.jsonl", "seeds")),
        "rumour": (EXAMPLES / "rumour_corpus" / "articles", "rumour.db", jsonl(EXAMPLES / "BLIND_CLAIMS.jsonl", "rumour")),
        "health": (EXAMPLES / "health_corpus" / "articles", "health.db", jsonl(EXAMPLES / "BLIND_CLAIMS_2.jsonl", "health")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a verifier folder (default: the shipped one)")
    parser.add_argument("--sets", default="demo,heldout,seeds,rumour,health")
    parser.add_argument("--emergent-db", help="add claims_emergent over this database of all its bodies")
    parser.add_argument("--work", type=Path, default=REPO / ".cache" / "end_to_end")
    parser.add_argument("--predictions", type=Path, help="write every claim's gold and predicted verdict here (JSON)")
    parser.add_argument("--min-stance", default="",
                        help="comma-separated values of verdict.MIN_STANCE to score in turn (a new model may need its "
                             "own; choose on the dev sets, read the held-out ones); the model's answers are computed once")
    args = parser.parse_args()
    if args.model:
        verifier_module.MODEL_DIR = args.model.resolve()
    thresholds = [float(v) for v in args.min_stance.split(",") if v.strip()] or [None]
    if len(thresholds) > 1:
        remember_model_answers()
    for threshold in thresholds:
        if threshold is not None:
            import claimtrace.verify.verdict as verdict_module

            verdict_module.MIN_STANCE = threshold
            print(f"MIN_STANCE {threshold}")
        run_sets(args)
    return 0


def remember_model_answers() -> None:
    """Memoise the verifier's answers per (evidence, claim), so a threshold grid runs the model once."""
    original = verifier_module.Verifier.probabilities
    memo: dict[tuple[str, str], object] = {}

    def probabilities(self, evidence, claims):  # type: ignore[no-untyped-def]
        import numpy as np

        claims = [claims] * len(evidence) if isinstance(claims, str) else list(claims)
        todo = [(e, c) for e, c in zip(evidence, claims) if (e, c) not in memo]
        if todo:
            for pair, row in zip(todo, original(self, [e for e, _ in todo], [c for _, c in todo])):
                memo[pair] = row
        return np.array([memo[(e, c)] for e, c in zip(evidence, claims)]).reshape(len(evidence), 3)

    verifier_module.Verifier.probabilities = probabilities  # type: ignore[method-assign]


def run_sets(args: argparse.Namespace) -> None:
    from claimtrace.service import Workbench

    args.work.mkdir(parents=True, exist_ok=True)
    sets = claim_sets()
    chosen = [(name, *sets[name]) for name in args.sets.split(",") if name]
    if args.emergent_db:
        rows = [json.loads(line) for line in (SHARED / "data" / "claims_emergent" / "claims_dev.jsonl").open()]
        claims = [(r.get("claim_id"), r["claim"], r.get("as_of"), r["verdict"], tuple(r.get("also_acceptable") or ())) for r in rows]
        chosen.append(("emergent", None, args.emergent_db, claims))
    print(f"model: {verifier_module.MODEL_DIR}")
    written: dict[str, list[dict]] = {}
    for name, folder, db_name, claims in chosen:
        started = time.perf_counter()
        db = Path(db_name) if folder is None else args.work / db_name
        with Workbench(str(db)) as bench:
            done = db.with_suffix(".ingested")
            if folder is not None and not done.exists():
                bench.ingest([str(folder)])
                done.touch()
            predicted = [bench.check(claim, as_of).verdict.label for _id, claim, as_of, _verdict, _also in claims]
        written[name] = [{"id": c[0], "claim": c[1], "as_of": c[2], "gold": c[3], "also": list(c[4]), "predicted": p}
                         for c, p in zip(claims, predicted)]
        parts = {"all": range(len(claims))}
        if name == "emergent":
            parts.update(even=range(0, len(claims), 2), odd=range(1, len(claims), 2))
        for part, rows in parts.items():
            s = score([claims[i][3] for i in rows], [predicted[i] for i in rows], [claims[i][4] for i in rows])
            label = name if part == "all" else f"{name} ({part})"
            print(f"{label}: {s.right}/{s.n} right, accuracy {s.accuracy:.3f}, macro-F1 {s.macro_f1:.3f}"
                  + (f"  [{time.perf_counter() - started:.0f} s]" if part == "all" else ""), flush=True)
    if args.predictions:
        args.predictions.write_text(json.dumps(written, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
