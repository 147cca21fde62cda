"""Score gates on the blind claim files: a regression fails CI.

examples/BLIND_CLAIMS.jsonl (rumour corpus): first scored run (claims file bf680de, code 09e7b5a) 21 of 44.
examples/BLIND_CLAIMS_2.jsonl (health corpus), written because the first file had been read while
debugging: first scored run (claims file c4baf0c) 22 of 53, and 22 again at 864f5e6, the code it is gated
at. examples/BLIND_CLAIMS_3.jsonl (election corpus), written blind on 2026-11-27: first scored run (claims
file 68b7f55, code c9f6e7b) 16 of 51. examples/BLIND_CLAIMS_4.jsonl (harbour corpus), written blind on
2026-11-27: first scored run (claims file and code abf07e6) 21 of 50. examples/BLIND_CLAIMS_5.jsonl (lab corpus),
written blind on 2026-11-27: first scored run (claims file e4f9efd, code 3a28f7e) 18 of 50. examples/BLIND_CLAIMS_6.jsonl
(breach corpus), written blind on 2026-11-27: first scored run (claims file 79ec994, code a43598a) 26 of 50. The rumour
and health files have since been read while debugging and are dev sets (examples/README.md); the election, harbour,
lab and breach files are never tuned on.
These gates only keep the check from getting worse.
"""

from __future__ import annotations

import pytest

from claimtrace.evaluate.claimset import read_claims
from claimtrace.service import Workbench

from conftest import REPO

# 62b90c5 (an outlet named in a byline typed media) once cost one claim: provenance read a sentence
# stating a market fact "after the <outlet> reported that <other claim>" as resting on that outlet's
# anonymous sources, and the floor stood at 20 until the trace learnt that a sentence passing on only
# another story keeps its citations for that story (EvidenceRef.relays_other). Found by bisecting this
# gate, not by tuning on the file. 24 since a negated claim is asked in its positive form (judge.swaps_labels),
# a change made on the demo answer key and checked here afterwards, never tuned on this file.
FLOOR = 24
HEALTH_FLOOR = 22
ELECTION_FLOOR = 16  # its first scored run
HARBOUR_FLOOR = 21  # its first scored run
LAB_FLOOR = 18  # its first scored run
BREACH_FLOOR = 26  # its first scored run

GATES = [  # claims file, corpus name, its articles, claims in it, floor
    ("BLIND_CLAIMS.jsonl", "rumour", "rumour_corpus", 44, FLOOR),
    ("BLIND_CLAIMS_2.jsonl", "health", "health_corpus", 53, HEALTH_FLOOR),
    ("BLIND_CLAIMS_3.jsonl", "election", "election_corpus", 51, ELECTION_FLOOR),
    ("BLIND_CLAIMS_4.jsonl", "harbour", "harbour_corpus", 50, HARBOUR_FLOOR),
    ("BLIND_CLAIMS_5.jsonl", "lab", "lab_corpus", 50, LAB_FLOOR),
    ("BLIND_CLAIMS_6.jsonl", "breach", "breach_corpus", 50, BREACH_FLOOR),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claims_file", "corpus", "folder", "count", "floor"), GATES, ids=[g[1] for g in GATES])
def test_blind_claims_do_not_regress(tmp_path, claims_file: str, corpus: str, folder: str, count: int, floor: int) -> None:
    claims = read_claims(REPO / "examples" / claims_file, corpus=corpus)
    assert len(claims) == count
    with Workbench(tmp_path / f"{corpus}.db") as bench:
        bench.ingest([str(REPO / "examples" / folder / "articles")])
        verdicts = [bench.check(c.claim, c.as_of).verdict.label for c in claims]
    right = sum(1 for c, got in zip(claims, verdicts) if got == c.verdict or got in c.also_acceptable)
    assert right >= floor, f"{right}/{count} right on the blind {corpus} claims (floor {floor})"
