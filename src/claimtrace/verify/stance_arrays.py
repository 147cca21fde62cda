"""The trained stance model as plain arrays: a claim check needs neither scikit-learn nor pickle.

Importing scikit-learn costs about a second (it pulls in scipy.stats), most
of what a one-off ``claimtrace check`` waited for. After training, both
gradient-boosted stages (every tree's nodes), the TF-IDF vocabulary and idf,
the tokenizer's stop words and the prior corrections are written to
``stance_arrays.npz`` and ``stance_meta.json`` beside the joblib file; the
classes here predict the same probabilities from them (``tests/test_stance.py``
compares the two). Training and evaluation keep using scikit-learn.

    python -m claimtrace.verify.stance_arrays [MODEL_DIR]   # export from stance_classifiers.joblib
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ARRAYS_FILE = "stance_arrays.npz"
META_FILE = "stance_meta.json"
NODE_FIELDS = ("value", "feature_idx", "num_threshold", "missing_go_to_left", "left", "right", "is_leaf")


@dataclass
class ArrayVectorizer:
    """TF-IDF with a fixed vocabulary: sublinear tf, idf, L2 rows (as TfidfVectorizer(sublinear_tf=True))."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    analyzer: Callable[[str], list[str]]

    def transform(self, texts: Sequence[str]):  # -> scipy.sparse.csr_matrix
        from scipy import sparse

        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for text in texts:
            counts = Counter(self.vocabulary[t] for t in self.analyzer(text) if t in self.vocabulary)
            for column in sorted(counts):
                indices.append(column)
                data.append(counts[column])
            indptr.append(len(indices))
        values = np.asarray(data, dtype=np.float32)
        columns = np.asarray(indices, dtype=np.int32)
        values = (np.log(values) + 1.0) * self.idf[columns]
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=values.astype(np.float64) ** 2, minlength=len(texts)))
        norms[norms == 0] = 1.0
        values = (values / norms[rows]).astype(np.float32)
        return sparse.csr_matrix((values, columns, np.asarray(indptr)), shape=(len(texts), len(self.idf)), dtype=np.float32)


@dataclass
class ArrayBoosting:
    """A HistGradientBoostingClassifier's trees: numeric splits, missing values by the learned side."""

    baseline: np.ndarray  # (n_trees_per_iteration,)
    nodes: dict[str, np.ndarray]  # every tree's nodes, concatenated
    roots: np.ndarray  # (n_iterations, n_trees_per_iteration): index of each tree's root in ``nodes``

    def raw(self, features: np.ndarray) -> np.ndarray:
        features = np.asarray(features, dtype=np.float64)
        n = features.shape[0]
        out = np.tile(self.baseline, (n, 1))
        value, feature, threshold = self.nodes["value"], self.nodes["feature_idx"], self.nodes["num_threshold"]
        missing_left, left, right, leaf = self.nodes["missing_go_to_left"], self.nodes["left"], self.nodes["right"], self.nodes["is_leaf"]
        rows = np.arange(n)
        for iteration in self.roots:
            for k, root in enumerate(iteration):
                at = np.full(n, root, dtype=np.int64)
                while True:
                    active = ~leaf[at]
                    if not active.any():
                        break
                    x = features[rows, feature[at]]
                    go_left = np.where(np.isnan(x), missing_left[at], x <= threshold[at])
                    at = np.where(active, np.where(go_left, left[at], right[at]), at)
                out[:, k] += value[at]
        return out

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        raw = self.raw(features)
        if raw.shape[1] == 1:  # binary: log-odds of class 1
            p = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return np.column_stack([1.0 - p, p])
        shifted = np.exp(raw - raw.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class ArrayClassifiers:
    """Stand-in for ``StanceClassifiers`` with the same attributes the predictor reads."""

    vectorizer: ArrayVectorizer
    related_model: ArrayBoosting
    stance_model: ArrayBoosting
    with_products: bool
    embedding_dim: int
    related_feature_count: int | None = None
    prior_correction: dict[str, list[float]] = field(default_factory=dict)
    trained_on: dict[str, object] = field(default_factory=dict)


def _boosting_arrays(model: Any, prefix: str) -> dict[str, np.ndarray]:
    trees = [tree for iteration in model._predictors for tree in iteration]
    if any(tree.nodes["is_categorical"].any() for tree in trees):
        raise ValueError("categorical splits are not exported; the stance model uses numeric features only")
    offsets = np.cumsum([0] + [len(tree.nodes) for tree in trees])
    nodes = np.concatenate([tree.nodes for tree in trees])
    arrays = {f"{prefix}_{name}": nodes[name].copy() for name in NODE_FIELDS}
    # Child indices are per tree; make them global.
    for side in ("left", "right"):
        arrays[f"{prefix}_{side}"] = nodes[side].astype(np.int64) + np.repeat(offsets[:-1], np.diff(offsets))
    arrays[f"{prefix}_roots"] = offsets[:-1].reshape(len(model._predictors), -1)
    arrays[f"{prefix}_baseline"] = np.asarray(model._baseline_prediction, dtype=np.float64).reshape(-1)
    return arrays


def export(classifiers: Any, directory: Path, stop_words: frozenset[str]) -> None:
    """Write the arrays and metadata of trained ``StanceClassifiers`` into ``directory``."""
    vectorizer = classifiers.vectorizer
    arrays = {"idf": vectorizer.idf_.astype(np.float32)}
    arrays |= _boosting_arrays(classifiers.related_model, "related")
    arrays |= _boosting_arrays(classifiers.stance_model, "stance")
    np.savez_compressed(directory / ARRAYS_FILE, **arrays)
    meta = {
        "vocabulary": {term: int(i) for term, i in sorted(vectorizer.vocabulary_.items())},
        "stop_words": sorted(stop_words),
        "with_products": classifiers.with_products,
        "embedding_dim": classifiers.embedding_dim,
        "related_feature_count": classifiers.related_feature_count,
        "prior_correction": classifiers.prior_correction,
        "trained_on": classifiers.trained_on,
    }
    (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    read_meta.cache_clear()  # a load later in this process must see what was just written


@lru_cache(maxsize=4)
def read_meta(directory: Path) -> dict[str, Any] | None:
    """The exported metadata, parsed once per process (the stop words and the model both read it)."""
    path = directory / META_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def load(directory: Path, analyzer: Callable[[str], list[str]]) -> ArrayClassifiers | None:
    """The exported model in ``directory``, or None when it has not been exported."""
    meta = read_meta(directory)
    if meta is None or not (directory / ARRAYS_FILE).exists():
        return None
    with np.load(directory / ARRAYS_FILE) as data:
        arrays = {name: data[name] for name in data.files}

    def boosting(prefix: str) -> ArrayBoosting:
        nodes = {name: arrays[f"{prefix}_{name}"] for name in NODE_FIELDS}
        nodes["missing_go_to_left"] = nodes["missing_go_to_left"].astype(bool)
        nodes["is_leaf"] = nodes["is_leaf"].astype(bool)
        return ArrayBoosting(arrays[f"{prefix}_baseline"], nodes, arrays[f"{prefix}_roots"])

    return ArrayClassifiers(
        vectorizer=ArrayVectorizer(meta["vocabulary"], arrays["idf"], analyzer),
        related_model=boosting("related"),
        stance_model=boosting("stance"),
        with_products=meta["with_products"],
        embedding_dim=meta["embedding_dim"],
        related_feature_count=meta["related_feature_count"],
        prior_correction=meta["prior_correction"],
        trained_on=meta["trained_on"],
    )


def main(argv: list[str] | None = None) -> int:
    import joblib

    from claimtrace.verify.stance import CLASSIFIERS_FILE, MODEL_DIR
    from claimtrace.verify.stance_features import sklearn_stop_words

    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else MODEL_DIR
    export(joblib.load(directory / CLASSIFIERS_FILE), directory, sklearn_stop_words())
    print(f"wrote {directory / ARRAYS_FILE} and {directory / META_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
