"""Claim-check verdicts against an answer key written before running.

    python -m claimtrace.evaluate claims CORPUS_DIR ANSWER_KEY.md [--db PATH] [--verbose]

The answer key is a Markdown table with the columns id | claim | as_of |
expected | also acceptable | why (see examples/demo_corpus/CLAIMS.md).
A claim counts as right when the verdict is the expected one or one the
key lists as also acceptable.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

VERDICTS = ("Supported", "Refuted", "Not enough evidence", "Conflicting")


@dataclass
class KeyedClaim:
    id: str
    claim: str
    as_of: str | None
    expected: str
    also: tuple[str, ...]


def read_answer_key(path: Path) -> list[KeyedClaim]:
    """Rows of the first Markdown table whose header starts with `id | claim`."""
    claims = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not re.fullmatch(r"[A-Z]+\d+", cells[0]):
            continue
        as_of = cells[2] if re.fullmatch(r"\d{4}(-\d{2}){0,2}", cells[2]) else None
        also = tuple(v for v in VERDICTS if v in cells[4])
        claims.append(KeyedClaim(cells[0], cells[1], as_of, cells[3], also))
    return claims


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate claims", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("answer_key", type=Path)
    parser.add_argument("--db", help="reuse this corpus (SQLite path or postgresql:// URL) instead of a temporary one")
    parser.add_argument("--verbose", action="store_true", help="print the reasons and top evidence of each miss")
    args = parser.parse_args(argv)

    from claimtrace.service import Workbench

    claims = read_answer_key(args.answer_key)
    if not claims:
        print(f"error: no claims found in {args.answer_key}")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "claims.db")
        with Workbench(db) as bench:
            if args.db is None or not bench.documents():
                bench.ingest([str(args.corpus)])
            right = 0
            for c in claims:
                result = bench.check(c.claim, c.as_of)
                got = result.verdict.label
                ok = got == c.expected or got in c.also
                right += ok
                mark = "ok  " if ok else "MISS"
                print(f"{mark} {c.id} {got:<20} expected {c.expected:<20} {c.claim}" + (f" (as of {c.as_of})" if c.as_of else ""))
                if args.verbose and not ok:
                    print(f"      {result.explanation}")
                    for e in (result.evidence_for + result.evidence_against)[:6]:
                        print(f"      {e.stance:8} {e.stance_probability:.2f} w={e.weight:.2f} [{e.speaker_type}] {e.text[:140]}")
    print(f"{right}/{len(claims)} verdicts right")
    return 0
