"""Write the Emergent claim-check corpus as a newsroom would hold it: one text file per article body.

    python bench/emergent_corpus.py [OUT_DIR] [--all-bodies]

Reads ``../shared/data/claims_emergent/claims_dev.jsonl`` for the Body IDs its claims cite and
``../shared/data/fnc1/train_bodies.csv`` for their text, and writes ``OUT_DIR/BODY_ID.txt``
(default ``/tmp/emergent_corpus``; never inside the repository: the articles are not ours).
``--all-bodies`` writes every body of the CSV, cited or not (1,683). ``--more`` adds, for a corpus of
2,000+ documents, the bodies of ``fnc1/competition_test_bodies.csv`` when that file exists and the
840 PolNeAR training articles (``polnear/train/text/*.txt``, written as ``polnear-NAME.txt``).
Prints how many files it wrote. Then ``claimtrace ingest OUT_DIR --db /tmp/emergent.db`` builds the
corpus the web UI is tried on.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def cited_bodies(claims: Path) -> set[str]:
    ids: set[str] = set()
    with claims.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                ids.update(str(i) for i in json.loads(line)["fnc1_body_ids"])
    return ids


def write_corpus(out: Path, bodies_csv: Path, keep: set[str] | None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    csv.field_size_limit(sys.maxsize)
    written = 0
    with bodies_csv.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            body_id = row["Body ID"].strip()
            if keep is not None and body_id not in keep:
                continue
            (out / f"{body_id}.txt").write_text(row["articleBody"], encoding="utf-8")
            written += 1
    return written


def write_more(out: Path, data: Path) -> int:
    """Extra articles for a 2,000+ document corpus: FNC-1's competition test bodies (when present) and
    PolNeAR's training articles; a body id already written is not written again."""
    written = 0
    test_bodies = data / "fnc1" / "competition_test_bodies.csv"
    if test_bodies.is_file():
        with test_bodies.open(encoding="utf-8", newline="") as rows:
            for row in csv.DictReader(rows):
                path = out / f"{row['Body ID'].strip()}.txt"
                if not path.exists():
                    path.write_text(row["articleBody"], encoding="utf-8")
                    written += 1
    for article in sorted((data / "polnear" / "train" / "text").glob("*.txt")):
        (out / f"polnear-{article.name}").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="/tmp/emergent_corpus")
    parser.add_argument("--data", default=str(DATA), help="the shared data folder")
    parser.add_argument("--all-bodies", action="store_true", help="every body of train_bodies.csv, not only cited ones")
    parser.add_argument(
        "--more", action="store_true",
        help="also FNC-1 competition test bodies (if present) and PolNeAR's 840 training articles: 2,000+ documents",
    )
    args = parser.parse_args(argv)
    data = Path(args.data)
    out = Path(args.out).resolve()
    if Path(__file__).resolve().parents[1] in out.parents:
        parser.error(f"{out} is inside the repository; write the corpus elsewhere (e.g. /tmp/emergent_corpus)")
    keep = None if args.all_bodies else cited_bodies(data / "claims_emergent" / "claims_dev.jsonl")
    written = write_corpus(out, data / "fnc1" / "train_bodies.csv", keep)
    if args.more:
        written += write_more(out, data)
    print(f"wrote {written} article bodies to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
