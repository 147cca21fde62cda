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
    """model2vec's ``StaticModel`` built from the installed files.

    ``StaticModel.from_pretrained`` would give the same model, but its loader
    imports the Hugging Face hub client (about 0.35 s of a cold
    ``claimtrace check``) only to read a local folder; the constructor and
    ``encode`` are model2vec's own, so vectors match what ingest stored.
    """
    import json

    from model2vec.model import StaticModel
    from safetensors import safe_open
    from tokenizers import Tokenizer

    with safe_open(str(STATIC_MODEL_DIR / "model.safetensors"), framework="numpy") as tensors:
        names = set(tensors.keys())
        vectors = tensors.get_tensor("embeddings")
        weights = tensors.get_tensor("weights") if "weights" in names else None
        mapping = tensors.get_tensor("mapping") if "mapping" in names else None
    config = json.loads((STATIC_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    return StaticModel(
        vectors=vectors,
        tokenizer=Tokenizer.from_file(str(STATIC_MODEL_DIR / "tokenizer.json")),
        weights=weights,
        token_mapping=mapping,
        config=config,
        normalize=config.get("normalize", True),
        max_length=config.get("max_length", 512),
    )


def embed_static(texts: list[str]) -> np.ndarray:
    """L2-normalised float16 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float16)
    with ENCODE_LOCK:
        vectors = static_model().encode(texts).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float16)
