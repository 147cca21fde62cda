"""Turn a (claim, text) pair into the numbers the stance classifier reads.

A text is a list of sentences: a whole article body for FNC-1, or a single
evidence sentence for the claim check. Every feature is computed per sentence
and then pooled (max, top-3 mean, best-matching sentence), so one model serves
both granularities; ``log_sentences`` tells it which one it is looking at.

The features follow the FNC-1 winners: TF-IDF and embedding similarity,
word / n-gram / character overlap, and counts of refuting, hedging, negating
and confirming cues in the claim and in the sentences that match it best.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from scipy import sparse
from claimtrace.verify.stance_lexicon import LEXICON_NAMES, NEGATION_WORDS, CueCounts

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

TOKEN_PATTERN = re.compile(r"[a-z0-9]+")
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "stance"
MAX_SENTENCES = 120
LEAD_CHARS = 255
TOP_K = 3


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, with "n't" spelled out as "not" so negation is one token."""
    lowered = text.lower().replace("\u2019", "'").replace("n't", " not")
    return TOKEN_PATTERN.findall(lowered)


def normalize_token(token: str) -> str:
    """A crude plural fold ("pacts" -> "pact") so overlap ignores number agreement."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def sklearn_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words less the negations: what the shipped model was trained with."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) - NEGATION_WORDS


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words, from the exported model when there is one (so a check need not import scikit-learn)."""
    from claimtrace.verify.stance_arrays import read_meta

    meta = read_meta(MODEL_DIR)
    return frozenset(meta["stop_words"]) if meta else sklearn_stop_words()


def content_tokens(text: str) -> list[str]:
    """Normalised tokens without stop words (negations are kept): the words that carry topic."""
    stop = stop_words()
    return [normalize_token(token) for token in tokenize(text) if token not in stop and len(token) > 1]


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def split_sentences(text: str) -> list[str]:
    """Split an article body into sentences, paragraphs first (headlines lack full stops)."""
    nlp = _sentencizer()
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        sentences.extend(span.text.strip() for span in nlp(paragraph).sents if span.text.strip())
    return sentences[:MAX_SENTENCES] or [text.strip()]


class TextEmbedder(Protocol):
    """Anything that maps sentences to L2-normalised vectors (one row each)."""

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


@dataclass
class StaticEmbedder:
    """Static (model2vec) embeddings distilled from all-MiniLM-L6-v2.

    Distilled static vectors encode ~100 sentences in milliseconds on CPU,
    where the transformer itself needs most of a second under load.
    """

    path: Path
    _model: object | None = field(default=None, repr=False)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if self._model is None:
            from model2vec import StaticModel

            self._model = StaticModel.from_pretrained(str(self.path), force_download=False)
        if not sentences:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        from claimtrace.retrieve.embedder import ENCODE_LOCK

        with ENCODE_LOCK:
            vectors = np.asarray(self._model.encode(list(sentences), use_multiprocessing=False), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


def fit_vectorizer(corpus: Iterable[str]) -> "TfidfVectorizer":
    """TF-IDF over content words, fitted on the training headlines and bodies."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=content_tokens, min_df=2, sublinear_tf=True, dtype=np.float32)
    vectorizer.fit(corpus)
    return vectorizer


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def char_grams(text: str, n: int = 4) -> set[str]:
    """Character n-grams of the squeezed lowercase text: robust to spelling and inflection."""
    squeezed = " ".join(tokenize(text))
    return {squeezed[i : i + n] for i in range(len(squeezed) - n + 1)}


@dataclass
class PreparedText:
    """Everything about one text that the pair features need, computed once.

    A body is shared by many headlines in FNC-1, so preparing it once and
    pairing it many times keeps training and evaluation fast.
    """

    sentences: list[str]
    content: list[list[str]]
    content_sets: list[set[str]]
    all_content: set[str]
    bigrams: set[tuple[str, ...]]
    trigrams: set[tuple[str, ...]]
    char4: set[str]
    lead_content: set[str]
    numbers: set[str]
    tfidf_sentences: sparse.csr_matrix
    tfidf_text: sparse.csr_matrix
    embeddings: np.ndarray
    mean_embedding: np.ndarray
    cues: np.ndarray  # (n_sentences, len(LEXICON_NAMES))


def _feature_names(embedding_dim: int, with_products: bool) -> list[str]:
    names = [
        "tfidf_text", "tfidf_max", "tfidf_top3", "tfidf_first",
        "emb_text", "emb_max", "emb_mean", "emb_top3", "emb_first", "emb_second_gap",
        "best_position", "frac_sent_emb_gt_0.5", "frac_sent_tfidf_gt_0.2",
        "claim_cov_text", "claim_cov_best", "claim_cov_top3", "jaccard_best", "missing_claim_words_best",
        "bigram_cov_text", "bigram_cov_best", "trigram_cov_text",
        "char4_cov_text", "char4_cov_best", "claim_cov_lead", "numbers_cov_text", "numbers_missing_best",
        "log_sentences", "claim_words", "best_words", "log_text_words",
    ]  # fmt: skip
    for scope in ("claim", "best", "top3", "text_mean", "text_any"):
        names += [f"{name}_{scope}" for name in LEXICON_NAMES]
    names += [f"{name}_best_minus_claim" for name in LEXICON_NAMES]
    names += ["negate_parity_mismatch", "emb_max_x_denial_best", "emb_max_x_negate_best", "emb_max_x_refute_best",
              "cov_best_x_denial_best", "cov_best_x_hedge_best"]  # fmt: skip
    if with_products:
        names += [f"claim_x_best_{i}" for i in range(embedding_dim)]
    return names


def _coverage(needles: set, haystack: set) -> float:
    return len(needles & haystack) / len(needles) if needles else 0.0


@dataclass
class PairFeaturizer:
    """Prepares texts and computes pair features with a fitted TF-IDF and an embedder."""

    vectorizer: "TfidfVectorizer"  # or stance_arrays.ArrayVectorizer: anything with .transform(texts)
    embedder: TextEmbedder
    with_products: bool = False
    embedding_dim: int = 256

    @property
    def feature_names(self) -> list[str]:
        return _feature_names(self.embedding_dim, self.with_products)

    def prepare(self, texts: Sequence[Sequence[str]]) -> list[PreparedText]:
        """Prepare many texts (each a list of sentences) with one batched TF-IDF and embedding call."""
        flat = [sentence for sentences in texts for sentence in sentences]
        tfidf = self.vectorizer.transform(flat).tocsr()
        embeddings = self.embedder.encode(flat)
        prepared: list[PreparedText] = []
        start = 0
        for sentences in texts:
            stop = start + len(sentences)
            prepared.append(_prepare_one(list(sentences), tfidf[start:stop], embeddings[start:stop]))
            start = stop
        return prepared

    def features(self, claim: PreparedText, text: PreparedText) -> np.ndarray:
        """The feature vector of one (claim, text) pair, in ``feature_names`` order."""
        return pair_features(claim, text, self.with_products)

    def matrix(self, pairs: Iterable[tuple[PreparedText, PreparedText]]) -> np.ndarray:
        rows = [self.features(claim, text) for claim, text in pairs]
        return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, len(self.feature_names)), np.float32)


def _prepare_one(sentences: list[str], tfidf: sparse.csr_matrix, embeddings: np.ndarray) -> PreparedText:
    content = [content_tokens(sentence) for sentence in sentences]
    flat_content = [token for tokens in content for token in tokens]
    whole = " ".join(sentences)
    text_vector = sparse.csr_matrix(tfidf.sum(axis=0))
    norm = math.sqrt(text_vector.multiply(text_vector).sum()) or 1.0
    mean_embedding = embeddings.mean(axis=0) if len(embeddings) else np.zeros(embeddings.shape[1], np.float32)
    mean_embedding = mean_embedding / max(float(np.linalg.norm(mean_embedding)), 1e-9)
    tokens = [tokenize(sentence) for sentence in sentences]
    cues = np.vstack(
        [CueCounts.of(words, sentence.lower().replace("n't", " not")).values for words, sentence in zip(tokens, sentences)]
    )
    return PreparedText(
        sentences=sentences,
        content=content,
        content_sets=[set(tokens) for tokens in content],
        all_content=set(flat_content),
        bigrams=set().union(*(_ngrams(tokens, 2) for tokens in content)) if content else set(),
        trigrams=set().union(*(_ngrams(tokens, 3) for tokens in content)) if content else set(),
        char4=char_grams(whole),
        lead_content=set(content_tokens(whole[:LEAD_CHARS])),
        numbers={token for token in flat_content if token.isdigit()},
        tfidf_sentences=tfidf,
        tfidf_text=(text_vector / norm).tocsr(),
        embeddings=embeddings,
        mean_embedding=mean_embedding,
        cues=cues,
    )


def pair_features(claim: PreparedText, text: PreparedText, with_products: bool = False) -> np.ndarray:
    """Similarity, overlap and cue features of one claim against one text."""
    claim_tfidf = claim.tfidf_text
    claim_embedding = claim.mean_embedding
    claim_words = claim.all_content
    n = len(text.sentences)

    tfidf_sims = np.asarray((text.tfidf_sentences @ claim_tfidf.T).todense()).ravel()
    emb_sims = text.embeddings @ claim_embedding
    order = np.argsort(-(tfidf_sims + emb_sims), kind="stable")
    best, top = int(order[0]), order[:TOP_K]
    sorted_emb = np.sort(emb_sims)[::-1]

    best_words = text.content_sets[best]
    best_bigrams = _ngrams(text.content[best], 2)
    best_cues, claim_cues = text.cues[best], claim.cues.sum(axis=0)

    values = [
        float((claim_tfidf @ text.tfidf_text.T).sum()),
        float(tfidf_sims.max()),
        float(np.sort(tfidf_sims)[::-1][:TOP_K].mean()),
        float(tfidf_sims[0]),
        float(text.mean_embedding @ claim_embedding),
        float(sorted_emb[0]),
        float(emb_sims.mean()),
        float(sorted_emb[:TOP_K].mean()),
        float(emb_sims[0]),
        float(sorted_emb[0] - sorted_emb[1]) if n > 1 else 0.0,
        best / n,
        float((emb_sims > 0.5).mean()),
        float((tfidf_sims > 0.2).mean()),
        _coverage(claim_words, text.all_content),
        _coverage(claim_words, best_words),
        _coverage(claim_words, set().union(*(text.content_sets[i] for i in top))),
        len(claim_words & best_words) / max(len(claim_words | best_words), 1),
        float(len(claim_words - best_words)),
        _coverage(claim.bigrams, text.bigrams),
        _coverage(claim.bigrams, best_bigrams),
        _coverage(claim.trigrams, text.trigrams),
        _coverage(claim.char4, text.char4),
        _coverage(claim.char4, char_grams(text.sentences[best])),
        _coverage(claim_words, text.lead_content),
        _coverage(claim.numbers, text.numbers),
        float(len(claim.numbers - best_words)),
        math.log1p(n),
        float(len(claim_words)),
        float(len(best_words)),
        math.log1p(sum(len(tokens) for tokens in text.content)),
    ]
    top_cues = text.cues[top].mean(axis=0)
    features = np.concatenate(
        [
            np.asarray(values, dtype=np.float32),
            claim_cues,
            best_cues,
            top_cues,
            text.cues.mean(axis=0),
            (text.cues > 0).any(axis=0).astype(np.float32),
            best_cues - claim_cues,
            np.asarray(
                [
                    float((best_cues[2] + best_cues[4]) % 2 != claim_cues[2] % 2),
                    sorted_emb[0] * best_cues[4],
                    sorted_emb[0] * best_cues[2],
                    sorted_emb[0] * best_cues[0],
                    values[14] * best_cues[4],
                    values[14] * best_cues[1],
                ],
                dtype=np.float32,
            ),
        ]
    )
    if with_products:
        features = np.concatenate([features, (claim_embedding * text.embeddings[best]).astype(np.float32)])
    return features
