"""The claim verifier: P(supports), P(refutes), P(neutral) for (evidence, claim) pairs.

A MiniLM cross-encoder fine-tuned by ``train/verifier/train.py`` on claim
verification pairs (see ``models/verifier/MODEL_CARD.md``), shipped as int8
ONNX and run with onnxruntime and the ``tokenizers`` library: no torch at run
time, nothing downloaded, about 3 ms a pair on one CPU core.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "verifier"
MODEL_FILE = "verifier.int8.onnx"
# One pair per run. Dynamic int8 quantisation scales activations per run, so in a batch a pair's
# probabilities moved with its batch-mates: by up to 0.15 on 40 real pairs (a sentence near the verdict's
# threshold counted or not depending on what else was retrieved). Alone, a pair's figures depend on it
# only; without padding, 40 pairs take no longer than in batches of 32 (0.23 s against 0.31 s here).
BATCH = 1


class Verifier:
    """Loaded once per process; thread-safe (onnxruntime sessions are)."""

    def __init__(self, model_dir: Path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.labels: list[str] = config["labels"]
        self.max_tokens: int = int(config["max_tokens"])
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_padding()
        # The evidence gives way first; a claim longer than the limit by itself is cut as well.
        tokenizer.enable_truncation(self.max_tokens, strategy="longest_first")
        self._tokenizer = tokenizer
        self._lock = threading.Lock()  # the tokenizer's truncation/padding settings are shared state
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    @classmethod
    def load(cls, model_dir: Path | None = None) -> "Verifier":
        return _load(str(model_dir or MODEL_DIR))

    def probabilities(self, evidence: Sequence[str], claims: Sequence[str] | str) -> np.ndarray:
        """One row per pair: probabilities in ``self.labels`` order (supports, refutes, neutral)."""
        if isinstance(claims, str):
            claims = [claims] * len(evidence)
        out = np.zeros((len(evidence), len(self.labels)), dtype=np.float32)
        if not len(evidence):
            return out
        # Similar lengths together, ties by text (this matters only for a BATCH over 1: padding, and
        # batch-mates that must not depend on the order the candidates came in).
        order = sorted(range(len(evidence)), key=lambda i: (len(evidence[i]) + len(claims[i]), evidence[i], claims[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            with self._lock:
                encodings = self._tokenizer.encode_batch([(evidence[i][:4000], claims[i][:1000]) for i in chunk])
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for row, e in enumerate(encodings):
                n = len(e.ids)
                ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            logits = self._session.run(["logits"], {k: v for k, v in feed.items() if k in self._inputs})[0]
            logits = logits - logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            out[chunk] = probs / probs.sum(axis=1, keepdims=True)
        return out


_LOAD_LOCK = threading.Lock()  # one load per folder, even while a background load is under way
_LOADED: dict[str, Verifier] = {}


def _load(model_dir: str) -> Verifier:
    with _LOAD_LOCK:
        if model_dir not in _LOADED:
            if len(_LOADED) >= 2:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[model_dir] = Verifier(Path(model_dir))
        return _LOADED[model_dir]


def load_in_background(model_dir: Path | None = None) -> threading.Thread | None:
    """Start loading the verifier, and its first run, on a thread; None when it is loaded already.

    A cold ``claimtrace check`` spent about 0.3 s building the onnxruntime session after the
    claim's parse. onnxruntime builds it outside the interpreter lock, so started first it
    overlaps the spaCy import and the retrieval, and the judge finds it made."""
    folder = str(model_dir or MODEL_DIR)
    if folder in _LOADED:
        return None

    def warm() -> None:
        try:
            _load(folder).probabilities(["warm-up"], "warm-up")
        except Exception:  # noqa: BLE001 - a broken model is reported by the judge's own load, in one line
            pass

    thread = threading.Thread(target=warm, name="verifier-load", daemon=True)
    thread.start()
    return thread
