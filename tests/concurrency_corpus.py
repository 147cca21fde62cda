"""Articles whose speakers are named in full in some and by surname only in others, and a runner of
concurrent ``claimtrace ingest`` processes, for tests/test_concurrent_ingest.py and bench/concurrent_ingest.py.

A surname-only mention ("Brel said") joins the full name only when the registry
that resolves it already knows that name; two ingests with separate registries
would create "brel" beside "ana-brel". All text is invented.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEOPLE = [("Ana", "Brel"), ("Tomas", "Hale"), ("Lena", "Vossberg"), ("Ivo", "Marek"), ("Sela", "Onde"), ("Ruth", "Kallan")]
PLACES = ["Valdoria", "Kestrania", "Marrow", "Halden", "Tessel", "Ostrava Minor"]


def write_corpus(folder: Path, documents: int = 18) -> list[Path]:
    """``documents`` articles; every third names its speaker in full, the others by surname only."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(documents):
        first, last = PEOPLE[i % len(PEOPLE)]
        place, other = PLACES[i % len(PLACES)], PLACES[(i + 2) % len(PLACES)]
        who = f"Foreign minister {first} {last}" if i % 3 == 0 else last
        text = (
            f"{place} talks, day {i}\n\nBy Piet Oram | 2024-03-{1 + i % 27:02d}\n\n"
            f"\u201cWe will not sign a pact with {other} this year,\u201d {who} said on Monday in {place}. "
            f"{last} added that the talks on river patrols in {other} would resume next month. "
            f"Officials in {other} declined to comment on report number {i}.\n"
        )
        path = folder / f"article-{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def concurrent_ingests(db: str, paths: list[Path], processes: int = 4, timeout: float = 600) -> list[tuple[int, str]]:
    """Run ``processes`` CLI ingests at once, each over all ``paths`` in a different rotation; (exit code, stderr) each."""
    env = {**os.environ, "CLAIMTRACE_DB": db, "HF_HUB_OFFLINE": "1"}
    running = []
    for k in range(processes):
        shift = k * len(paths) // processes
        order = paths[shift:] + paths[:shift]
        if k % 2:
            order = order[::-1]
        running.append(
            subprocess.Popen(
                [sys.executable, "-m", "claimtrace.cli", "ingest", *map(str, order), "--stages", "quotes,time"],
                env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
        )
    results = []
    for proc in running:
        _out, err = proc.communicate(timeout=timeout)
        results.append((proc.returncode, err))
    return results


def speaker_table(bench) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """(id, name, quotes) of every speaker, sorted: what a clean and a concurrent ingest must agree on."""
    return sorted((s.id, s.canonical_name, s.quotes) for s in bench.speakers())
