"""A score gate on the blind claim file (examples/BLIND_CLAIMS.jsonl, rumour corpus): a regression fails CI.

The floor is the first scored run (claims file bf680de, code 09e7b5a): 21 of 44 right. The file is never
tuned on (examples/README.md); this gate only keeps the check from getting worse on it.
"""

from __future__ import annotations

import pytest

from claimtrace.evaluate.claimset import read_claims
from claimtrace.service import Workbench

from conftest import REPO

BLIND = REPO / "examples" / "BLIND_CLAIMS.jsonl"
RUMOUR_CORPUS = REPO / "examples" / "rumour_corpus" / "articles"
FIRST_RUN_RIGHT = 21
# 62b90c5 (an outlet named in a byline typed media) once cost one claim: provenance read a sentence
# stating a market fact "after the <outlet> reported that <other claim>" as resting on that outlet's
# anonymous sources, and the floor stood at 20 until the trace learnt that a sentence passing on only
# another story keeps its citations for that story (EvidenceRef.relays_other). Found by bisecting this
# gate, not by tuning on the file.
FLOOR = 21


@pytest.mark.slow
def test_blind_rumour_claims_do_not_regress(tmp_path) -> None:
    claims = read_claims(BLIND, corpus="rumour")
    assert len(claims) == 44
    with Workbench(tmp_path / "rumour.db") as bench:
        bench.ingest([str(RUMOUR_CORPUS)])
        verdicts = [bench.check(c.claim, c.as_of).verdict.label for c in claims]
    right = sum(1 for c, got in zip(claims, verdicts) if got == c.verdict or got in c.also_acceptable)
    assert right >= FLOOR, f"{right}/44 right on the blind rumour claims (first run: {FIRST_RUN_RIGHT}, floor {FLOOR})"
