"""The verifier's Emergent headline pairs (train/verifier/emergent_pairs.py) leave the held-out rumours out.

claims_emergent's odd lines are the claim check's held-out half: no pair of their rumours may reach
training. A small fictional Emergent-shaped file stands in for the real one.
"""

from __future__ import annotations

import csv
import json
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "train" / "verifier"))

from emergent_pairs import emergent_pairs, held_out_claims  # noqa: E402

ROWS = [  # claim id, claim, headline, stance
    ("c-even", "A heron nested on the Marrow bridge", "Heron nests on Marrow bridge", "for"),
    ("c-even", "A heron nested on the Marrow bridge", "  Heron  nests on Marrow bridge ", "for"),  # the same headline again
    ("c-even", "A heron nested on the Marrow bridge", "Residents say a heron may be nesting on the bridge", "observing"),
    ("c-odd", "The Dravsk mayor resigned", "Dravsk mayor denies he resigned", "against"),
    ("c-free", "A comet will be visible over Halden", "Comet visible over Halden on Friday", "for"),
    ("c-free", "A comet will be visible over Halden", "Comet claim", "ignoring"),  # a stance the verifier has no label for
]


def test_pairs_leave_out_the_held_out_half_and_map_the_stances(tmp_path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text("".join(json.dumps({"claim_id": cid, "claim": c}) + "\n" for cid, c in (("c-even", "x"), ("c-odd", "y"))))
    emergent = tmp_path / "emergent.csv"
    with emergent.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"])
        for i, (cid, claim, headline, stance) in enumerate(ROWS):
            writer.writerow([i, claim, headline, stance, f"a{i}", cid])
    held_out = held_out_claims(claims, "odd")
    assert held_out == {"c-odd"}
    pairs, used = emergent_pairs(emergent, held_out)
    assert used == ["c-even", "c-free"]
    assert not any("Dravsk" in p["premise"] or "Dravsk" in p["hypothesis"] for p in pairs)
    assert [(p["premise"], p["label"]) for p in pairs] == [
        ("Heron nests on Marrow bridge", "entailment"),
        ("Residents say a heron may be nesting on the bridge", "neutral"),
        ("Comet visible over Halden on Friday", "entailment"),
    ]
    assert {p["label"] for p in emergent_pairs(emergent, set())[0]} == {"entailment", "neutral", "contradiction"}
