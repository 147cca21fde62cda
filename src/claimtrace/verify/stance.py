"""Stance of evidence toward a claim: supports / refutes / neutral, with a probability.

Two gradient-boosted tree stages read the features of ``stance_features``:
the first decides whether the text is about the claim at all (FNC-1's related
vs unrelated), the second how a related text stands (agree / disagree /
discuss). Their product gives four probabilities, which a per-granularity
prior correction (tuned on held-out training data, see the model card)
rescales before the claim check folds them into its three labels.

Everything loads from ``claimtrace/models/stance`` and runs on CPU, offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from threadpoolctl import threadpool_limits

from claimtrace.verify.stance_data import FNC_LABELS
from claimtrace.verify.stance_features import PairFeaturizer, PreparedText, StaticEmbedder, content_tokens, split_sentences

if TYPE_CHECKING:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "stance"
CLASSIFIERS_FILE = "stance_classifiers.joblib"
# The stance features use the same static embedder as retrieval (one 15 MB model, loaded once).
EMBEDDER_DIR = Path(__file__).resolve().parent.parent / "models" / "embedder"

StanceLabel = Literal["supports", "refutes", "neutral"]
Granularity = Literal["sentence", "document"]


@dataclass(frozen=True)
class StanceResult:
    """The stance of one evidence sentence toward a claim.

    ``probs`` sums to one over supports / refutes / neutral; ``probability``
    is that of ``label``; ``related`` is the probability that the sentence is
    about the claim at all (neutral covers both off-topic and merely reporting).
    """

    label: StanceLabel
    probability: float
    probs: dict[str, float]
    related: float


@dataclass
class StanceClassifiers:
    """The trained parts that are saved with joblib: TF-IDF, both tree stages, the prior corrections."""

    vectorizer: "TfidfVectorizer"
    related_model: "HistGradientBoostingClassifier"
    stance_model: "HistGradientBoostingClassifier"
    with_products: bool
    embedding_dim: int
    # Stage 1 reads only the leading similarity/overlap/cue columns; None means all of them.
    related_feature_count: int | None = None
    # Multipliers on (agree, disagree, discuss, unrelated) probabilities, one set per granularity.
    prior_correction: dict[str, list[float]] = field(default_factory=dict)
    trained_on: dict[str, object] = field(default_factory=dict)


def four_way_probabilities(classifiers: StanceClassifiers, features: np.ndarray) -> np.ndarray:
    """Uncorrected P(agree, disagree, discuss, unrelated) from the two stages, one row per pair."""
    related = classifiers.related_model.predict_proba(features[:, : classifiers.related_feature_count])[:, 1]
    stance = classifiers.stance_model.predict_proba(features)  # classes 0, 1, 2 = agree, disagree, discuss
    return np.column_stack([stance * related[:, None], 1.0 - related])


def correct_priors(probabilities: np.ndarray, multipliers: Sequence[float]) -> np.ndarray:
    """Rescale class probabilities by tuned multipliers and renormalise (a prior shift)."""
    scaled = probabilities * np.asarray(multipliers, dtype=np.float64)[None, :]
    return scaled / scaled.sum(axis=1, keepdims=True)


def to_check_probabilities(four_way: np.ndarray) -> np.ndarray:
    """Fold FNC's four labels into the claim check's three: supports, refutes, neutral."""
    return np.column_stack([four_way[:, 0], four_way[:, 1], four_way[:, 2] + four_way[:, 3]])


class StanceModel:
    """The shipped stance model; ``StanceModel.load()`` is cached per process."""

    def __init__(self, classifiers: StanceClassifiers, embedder: StaticEmbedder) -> None:
        self.classifiers = classifiers
        self.featurizer = PairFeaturizer(
            vectorizer=classifiers.vectorizer,
            embedder=embedder,
            with_products=classifiers.with_products,
            embedding_dim=classifiers.embedding_dim,
        )

    @classmethod
    def load(cls, path: Path | str | None = None, arrays: bool = True) -> "StanceModel":
        """Load the weights shipped in ``claimtrace/models/stance`` (or ``path``), once per process.

        ``arrays=False`` reads the scikit-learn objects even when the exported arrays exist.
        """
        return _load_cached(str(Path(path) if path is not None else MODEL_DIR), arrays)

    def predict(self, claim: str, sentences: list[str]) -> list[StanceResult]:
        """The stance of each evidence sentence toward ``claim``, in input order."""
        if not sentences:
            return []
        # One claim's evidence is a small batch: BLAS/OpenMP threads only add
        # start-up and, on a busy machine, spin-wait time (10x slower measured).
        with threadpool_limits(limits=1):
            prepared = self.featurizer.prepare([[claim]] + [[sentence] for sentence in sentences])
            claim_text, sentence_texts = prepared[0], prepared[1:]
            four_way = self.probabilities([(claim_text, text) for text in sentence_texts], "sentence")
        return [_result(row, related=float(1.0 - four[3])) for row, four in zip(to_check_probabilities(four_way), four_way)]

    def probabilities(self, pairs: Sequence[tuple[PreparedText, PreparedText]], granularity: Granularity) -> np.ndarray:
        """Prior-corrected P(agree, disagree, discuss, unrelated) for prepared pairs."""
        features = self.featurizer.matrix(pairs)
        raw = four_way_probabilities(self.classifiers, features)
        return correct_priors(raw, self.classifiers.prior_correction.get(granularity, [1.0] * 4))

    def predict_fnc(self, pairs: Sequence[tuple[str, str]], bodies: dict[str, str]) -> list[str]:
        """FNC-1 labels for (headline, body id) pairs: each body is split into sentences once."""
        body_ids = sorted({body_id for _, body_id in pairs})
        headlines = sorted({headline for headline, _ in pairs})
        prepared_bodies = dict(zip(body_ids, self.featurizer.prepare([split_sentences(bodies[i]) for i in body_ids])))
        prepared_headlines = dict(zip(headlines, self.featurizer.prepare([[h] for h in headlines])))
        four_way = self.probabilities(
            [(prepared_headlines[headline], prepared_bodies[body_id]) for headline, body_id in pairs], "document"
        )
        return [FNC_LABELS[i] for i in four_way.argmax(axis=1)]


def _result(check_probs: np.ndarray, related: float) -> StanceResult:
    probs = {"supports": float(check_probs[0]), "refutes": float(check_probs[1]), "neutral": float(check_probs[2])}
    label = max(probs, key=probs.__getitem__)
    return StanceResult(label=label, probability=probs[label], probs=probs, related=related)  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def _load_cached(path: str, arrays: bool = True) -> StanceModel:
    """The exported arrays when present (no scikit-learn import), else the joblib file."""
    from claimtrace.verify import stance_arrays

    directory = Path(path)
    exported = stance_arrays.load(directory, content_tokens) if arrays else None
    if exported is not None:
        return StanceModel(exported, StaticEmbedder(EMBEDDER_DIR))  # type: ignore[arg-type]
    classifiers_file = directory / CLASSIFIERS_FILE
    if not classifiers_file.exists():
        raise FileNotFoundError(
            f"No stance model at {classifiers_file}; train one with `python train/stance/train.py`."
        )
    import joblib

    classifiers: StanceClassifiers = joblib.load(classifiers_file)
    return StanceModel(classifiers, StaticEmbedder(EMBEDDER_DIR))
