"""PolNeAR (text/ + attributions/) -> spaCy DocBin with SOURCE / CUE / CONTENT entities.

    python train/attribution/convert.py ../shared/data/polnear/train train/attribution/corpus/train.spacy
    python train/attribution/convert.py ../shared/data/polnear/dev train/attribution/corpus/dev.spacy

PolNeAR is univocal (each token has at most one role in at most one attribution),
so its annotation is a tag sequence, which spaCy's transition-based NER learns.
Documents are tokenised with the shipped English model's tokenizer (the one the
ingest pipeline uses), so token boundaries at training and at run time agree.
Each discontinuous segment becomes its own entity; spans are snapped to tokens
("expand"); a span that would overlap one already placed is dropped and counted.
The first annotator's file is used where several annotated one article, as the
evaluator does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from claimtrace.evaluate.polnear import load_articles
from claimtrace.nlp.pipeline import MODEL_PACKAGE

LABELS = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def convert(directory: Path, out: Path) -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer = spacy.load(MODEL_PACKAGE, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]).tokenizer
    articles = load_articles(directory)
    db = DocBin(store_user_data=False)
    placed = dropped = 0
    for article in articles:
        doc = nlp.make_doc(article.text)
        taken = [False] * len(doc)
        ents = []
        for gold in article.attributions:
            for role in ("source", "cue", "content"):
                for start, end in getattr(gold, role):
                    start, end = _trim(article.text, start, end)
                    if end <= start:
                        continue
                    span = doc.char_span(start, end, label=LABELS[role], alignment_mode="expand")
                    if span is None or any(taken[i] for i in range(span.start, span.end)):
                        dropped += 1
                        continue
                    # never start or end an entity on whitespace tokens
                    s, e = span.start, span.end
                    while s < e and doc[s].is_space:
                        s += 1
                    while e > s and doc[e - 1].is_space:
                        e -= 1
                    if e <= s:
                        dropped += 1
                        continue
                    for i in range(s, e):
                        taken[i] = True
                    ents.append(doc[s:e])
                    ents[-1].label_ = LABELS[role]
        ents.sort(key=lambda sp: sp.start)
        doc.ents = ents
        db.add(doc)
        placed += len(ents)
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    print(f"{directory}: {len(articles)} documents, {placed} spans placed, {dropped} dropped (overlap or misaligned) -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
