"""The verifier's non-answer and denial pairs (train/verifier/nonanswer_pairs.py): labels and what is left out.

Invented rows in the NLI training file's shape stand in for the real file.
"""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "train" / "verifier"))

from nonanswer_pairs import nonanswer_pairs  # noqa: E402

ROWS = [
    # a neutral premise about the claim's subject that states none of its predicate: usable as "denied Q"
    {"premise": "The Marrow Bridge was painted green in 1998.", "hypothesis": "A heron nested on the Marrow Bridge.",
     "label": "neutral", "source": "vitaminc_real"},
    # a neutral premise sharing the predicate ("nested"): denied, it would refute the claim, so left out
    {"premise": "A heron nested somewhere near the river.", "hypothesis": "A heron nested on the Marrow Bridge.",
     "label": "neutral", "source": "sufficient_facts_fever"},
    # an entailing premise: a denial of it refutes
    {"premise": "Residents watched a heron nest on the Marrow Bridge all spring.", "hypothesis": "A heron nested on the Marrow Bridge.",
     "label": "entailment", "source": "fever_dev_pairs"},
    # a picture caption: never used
    {"premise": "A man rides a bicycle past a bridge.", "hypothesis": "A man is cycling.", "label": "entailment", "source": "snli_dev"},
]


def test_labels_sources_and_the_near_statements_left_out() -> None:
    pairs = nonanswer_pairs(ROWS, n_denied=10, n_no_comment=10, n_bare=0, n_denied_same=10, seed=3)
    by_source: dict[str, list[dict]] = {}
    for p in pairs:
        by_source.setdefault(p["source"], []).append(p)
    (denied_other,) = by_source["news_denied_other"]
    assert denied_other["label"] == "neutral" and "painted green" in denied_other["premise"]
    (denied_same,) = by_source["news_denied"]
    assert denied_same["label"] == "contradiction" and "Residents watched a heron" in denied_same["premise"]
    assert {p["label"] for p in by_source["news_no_comment"]} == {"neutral"}
    assert len(by_source["news_no_comment"]) == 3  # every non-SNLI row, whatever its label
    assert not any("bicycle" in p["premise"] for p in pairs)
    assert nonanswer_pairs(ROWS, n_denied=10, n_no_comment=10, n_bare=0, n_denied_same=10, seed=3) == pairs
