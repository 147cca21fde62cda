"""Sentence embeddings from the static model distilled from MiniLM (train/embedder/distill.py).

It loads from files installed with the package (offline); nothing is fetched.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

STATIC_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "embedder"
STATIC_MODEL_NAME = "claimtrace-static-minilm-256"
# The Rust tokenizer behind model2vec refuses concurrent use ("Already borrowed"):
# the web server may embed a claim while a background ingest embeds sentences.
ENCODE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def static_model():
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(STATIC_MODEL_DIR))


def embed_static(texts: list[str]) -> np.ndarray:
    """L2-normalised float16 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float16)
    with ENCODE_LOCK:
        vectors = static_model().encode(texts).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float16)
