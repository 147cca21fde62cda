"""The hand-written news pairs (train/verifier/news_fiction/) and the scorer that reads them.

The pairs teach and measure what the NLI data never shows: reporter's paraphrase, denials of
something else, decoys about other people, claims about reports. ``dev.jsonl`` was written by
another hand than the training files and must share no sentence with them, or its figures
would measure memory.
"""

from __future__ import annotations

import json
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "train" / "verifier"))

import numpy as np  # noqa: E402
from score_pairs import scores  # noqa: E402

FOLDER = REPO / "train" / "verifier" / "news_fiction"
LABELS = {"entailment", "contradiction", "neutral"}
# Which label each kind of pair must carry: a kind under the wrong label is a mislabelled pair.
LABEL_OF = {"paraphrase": "entailment", "confirmation": "entailment", "meta_claim": "entailment",
            "denial": "contradiction", "incompatible_fact": "contradiction", "hedged": "neutral",
            "other_denial": "neutral", "non_answer": "neutral", "decoy": "neutral", "background": "neutral"}


def rows(name: str) -> list[dict]:
    with (FOLDER / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_every_pair_file_is_well_formed_and_labelled_by_its_kind() -> None:
    files = sorted(p.name for p in FOLDER.glob("*.jsonl"))
    assert "dev.jsonl" in files and len(files) >= 7
    for name in files:
        pairs = rows(name)
        assert len(pairs) >= 250, name
        assert {r["label"] for r in pairs} == LABELS, name
        seen = set()
        for r in pairs:
            assert r["premise"].strip() and r["hypothesis"].strip(), (name, r)
            assert r["label"] == LABEL_OF[r["phenomenon"]], (name, r)
            key = (r["premise"], r["hypothesis"])
            assert key not in seen, (name, key)
            seen.add(key)


def test_the_dev_pairs_share_no_sentence_with_the_training_pairs() -> None:
    dev = rows("dev.jsonl")
    dev_text = {r["premise"] for r in dev} | {r["hypothesis"] for r in dev}
    for path in FOLDER.glob("*.jsonl"):
        if path.name != "dev.jsonl":
            train = rows(path.name)
            assert not dev_text & ({r["premise"] for r in train} | {r["hypothesis"] for r in train}), path.name


def test_scores_gives_accuracy_macro_f1_and_each_class() -> None:
    # gold: 2 supports, 1 refutes, 1 neutral; one support read as neutral
    rows = [{"label": label} for label in ("entailment", "entailment", "contradiction", "neutral")]
    probs = np.eye(3)[[0, 2, 1, 2]]
    report = scores(rows, probs)
    assert report["pairs"] == 4 and report["accuracy"] == 0.75
    assert report["per_class"]["supports"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert report["per_class"]["refutes"]["f1"] == 1.0
    assert report["per_class"]["neutral"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert abs(report["macro_f1"] - 0.7778) < 1e-4
