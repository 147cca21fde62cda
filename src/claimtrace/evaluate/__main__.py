"""Dispatch ``python -m claimtrace.evaluate NAME ARGS`` to ``claimtrace.evaluate.NAME.main``."""

from __future__ import annotations

import importlib
import sys

EVALUATIONS = {
    "polnear": "quote attribution on a PolNeAR-layout directory (text/ + attributions/)",
    "timeml": "normalised TIMEX3 DATE values on a directory of TimeML files",
    "emergent": "the verification model on Emergent (claim, headline) pairs: FILE.csv",
    "provenance": "citation edges, origins and independent-source counts on a fixture corpus",
    "claims": "claim-check verdicts against a Markdown answer key: CORPUS_DIR ANSWER_KEY.md",
    "claimset": "claim-check verdicts on a JSONL claim set: CLAIMS.jsonl CORPUS_DIR [--corpus NAME] [--format json]",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in EVALUATIONS:
        if argv and argv[0] not in {"-h", "--help"}:
            print(f"error: unknown evaluation {argv[0]!r}; choose one of: {', '.join(EVALUATIONS)}", file=sys.stderr)
        print("usage: python -m claimtrace.evaluate NAME ARGS")
        for name, what in EVALUATIONS.items():
            print(f"  {name:9s} {what}")
        return 0 if not argv or argv[0] in {"-h", "--help"} else 2
    module = importlib.import_module(f"claimtrace.evaluate.{argv[0]}")
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
