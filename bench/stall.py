"""The inputs that stalled ingest (issue 16), each ingested alone: seconds and peak memory.

    python bench/stall.py [--only NAME] [--stages quotes,time,provenance,embed]

Each input runs in a fresh process that loads the models and ingests one
warm-up article first, so the figure is the input's own work, in wall and CPU
seconds (on a shared machine wall time counts other jobs too); the peak RSS is
the whole process's (models included), then its growth over the warm-up. Every
input must finish in under 10 s and 500 MB, stored (over-long runs marked,
never evidence) or reported (over the per-document budget). The issue's inputs
are mostly over the budget, so each shape also comes cut to fit it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent

PROSE = (
    "The Valdorian defence ministry said on Monday that no secret pact with Kestrania exists. "
    "\u201cThere is no such agreement,\u201d spokeswoman Lena Vossberg told reporters in Marrow. "
    "Analysts at the Halden Institute were not convinced by the denial, and said talks would resume next week.\n"
)


# The per-document budget the cut-to-fit shapes are sized to (claimtrace.ingest.readers.DEFAULT_MAX_DOC_CHARS,
# and a token budget of a fifth of it): 100,000 characters, 20,000 words, punctuation marks and line breaks.
BUDGET_CHARS = 100_000
BUDGET_TOKENS = BUDGET_CHARS // 5


def inputs() -> dict[str, tuple[str, bytes]]:
    said = "".join(f"Minister Ana Brel{i % 50} said the talks would resume next week.\n" for i in range(4000))
    fit = int(BUDGET_TOKENS * 0.95)  # tokens of a cut-to-fit shape: just under the budget
    fit_chars = int(BUDGET_CHARS * 0.95)  # or characters, for the shapes of long words
    return {
        "200k opening quote marks": (".txt", ("Title\n\n" + "\u201c" * 200_000).encode()),
        "200k straight quotes": (".txt", ("Title\n\n" + '"' * 200_000).encode()),
        "text without punctuation (140k chars)": (".txt", ("treaty secret pact Valdoria " * 5_000).encode()),
        "'said' repeated (140k chars)": (".txt", ("said " * 28_000).encode()),
        "20k short lines (140 KB)": (".txt", "".join(f"line {i}\n" for i in range(20_000)).encode()),
        "markdown of 15k bullets": (".md", "".join(f"- point {i} on the pact\n" for i in range(15_000)).encode()),
        "HTML of 4k <p>": (".html", ("<html><body><article>" + "".join(
            f"<p>Paragraph {i}: the parliament of Kestrania debated the treaty.</p>" for i in range(4_000)
        ) + "</article></body></html>").encode()),
        "'X said ... next week.' x4000 (237 KB)": (".txt", said.encode()),
        "prose, 140k chars": (".txt", (PROSE * 440).encode()),
        "prose, 1M chars (over the budget)": (".txt", (PROSE * 3_300).encode()),
        "1 MB single line (over the budget)": (".txt", ("secret pact treaty Valdoria Kestrania " * 27_000).encode()),
        # The same shapes cut to fit the budget, so they reach spaCy: the most work one document can ask for.
        f"{fit} opening quote marks": (".txt", ("Title\n\n" + "\u201c" * fit).encode()),
        f"{fit} straight quotes": (".txt", ("Title\n\n" + '"' * fit).encode()),
        "text without punctuation (fit)": (".txt", ("treaty secret pact Valdoria " * (fit_chars // 28)).encode()),
        "'said' repeated (fit)": (".txt", ("said " * fit).encode()),
        # two tokens a line and one more for the line break
        "short lines (fit)": (".txt", "".join(f"line {i}\n" for i in range(fit // 3)).encode()),
        "short lines, line breaks over the token budget": (".txt", "".join(f"line {i}\n" for i in range(BUDGET_TOKENS // 2)).encode()),
        "markdown bullets (fit)": (".md", "".join(f"- point {i} on the pact\n" for i in range(fit // 7)).encode()),
        "HTML of <p> (fit)": (".html", ("<html><body><article>" + "".join(
            f"<p>Paragraph {i}: the parliament of Kestrania debated the treaty.</p>" for i in range(fit // 13)
        ) + "</article></body></html>").encode()),
        "'X said ... next week.' (fit)": (".txt", said[: len(said) * fit // 52_000].encode()),
        "prose (fit)": (".txt", (PROSE * (fit_chars // len(PROSE))).encode()),
        "single line (fit)": (".txt", ("secret pact treaty Valdoria Kestrania " * min(fit // 5, BUDGET_CHARS // 40)).encode()),
    }


CHILD = r"""
import json, resource, sys, time
from claimtrace.pipeline import IngestOptions
from claimtrace.service import Workbench
path, db, warm, stages = sys.argv[1:5]
options = IngestOptions(stages=tuple(s for s in stages.split(",") if s))
with Workbench(db) as bench:
    bench.ingest([warm], options)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    report = bench.ingest([path], options)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    overlong = bench.store.overlong_sentences()
print(json.dumps({"seconds": seconds, "cpu": cpu, "base_mib": base, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "stored": len(report.ingested), "skipped": [s.reason[:80] for s in report.skipped],
                  "overlong_sentences": overlong, "stage_seconds": {k: round(v, 2) for k, v in report.stage_seconds.items()}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run only inputs whose name contains this")
    parser.add_argument("--stages", default="quotes,time,provenance,embed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text("Warm-up\n\n" + PROSE, encoding="utf-8")
        for i, (name, (ext, data)) in enumerate(inputs().items()):
            if args.only and args.only not in name:
                continue
            path = Path(tmp) / f"input{i}{ext}"
            path.write_bytes(data)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), str(Path(tmp) / f"c{i}.db"), str(warm), args.stages],
                capture_output=True, text=True, cwd=REPO, timeout=900,
            )
            if done.returncode != 0:
                print(f"{name:42} FAILED: {done.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            outcome = "stored" if r["stored"] else f"skipped: {r['skipped'][0] if r['skipped'] else '?'}"
            print(f"{name:42} {r['seconds']:6.1f} s (CPU {r['cpu']:5.1f} s)  peak {r['peak_mib']:5.0f} MiB "
                  f"(after warm-up {r['base_mib']:.0f}, +{r['peak_mib'] - r['base_mib']:.0f})  {outcome}; "
                  f"{r['overlong_sentences']} overlong; stages {r['stage_seconds']}", flush=True)


if __name__ == "__main__":
    main()
