"""Copy a trained attribution pipeline into the package, without its tok2vec.

    python train/attribution/package.py train/attribution/output/RUN/model-best

The tok2vec in the trained pipeline is the English model's own, frozen during
training; at run time the extractor reads the tensor that model's tok2vec
already put on the document, so shipping a second copy (6 MB) would be dead
weight. What ships is the NER (its transition model and its listener) and the
vocab it was trained with.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import spacy

import claimtrace.quotes.extractor as extractor


def main(source: Path) -> None:
    nlp = spacy.load(source)
    if "tok2vec" in nlp.pipe_names:
        nlp.remove_pipe("tok2vec")
    target = extractor.MODEL_DIR
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"{source} -> {target}: pipeline {nlp.pipe_names}, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
