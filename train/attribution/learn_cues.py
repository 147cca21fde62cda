"""Learn ``lexicon.LEARNED_CUE_FRAMES`` from a PolNeAR-layout split (train only: dev is for checking).

For every verb that may open a frame (``attribution.frame_verb``: outside quotation marks, not negated,
...) and has a subject, each complement after it of the kinds asked for (by default its clausal
complement and the object of each of its prepositions; ``--kinds`` adds open complements and direct
objects) is a candidate statement, as ``attribution._frame_cues`` would read it, with its speaker
resolved as the quotes stage resolves weak cues. A candidate whose content the stage already covers (rules and model,
without learned frames) adds nothing and is not counted. The others count as hits when a gold
attribution's content overlaps theirs and its source overlaps the speaker mention (the evaluator's
lenient match). A frame is kept when it has at least ``--min-count`` such candidates and at least
``--min-precision`` of them are hits.

    .venv/bin/python train/attribution/learn_cues.py ../shared/data/polnear/train

prints the table to paste into ``src/claimtrace/quotes/lexicon.py``.
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimtrace.evaluate import polnear as pn
from claimtrace.quotes import attribution as at
from claimtrace.quotes import lexicon as lx

# Frame kinds: 'ccomp' and 'prep' (what is said or believed: a clause, or what the speaking is about)
# are read by default. 'xcomp' and 'dobj' ('agreed to resume talks', 'endorsed Clinton', 'defended the
# increase') are attributions in PolNeAR but stances and acts, not statements, in this project's gold set
# (tests/fixtures/quotes_gold): learned on half of train and scored on the other half they raised all F1
# 0.674 -> 0.724, but the gold set's precision fell 0.932 -> 0.865.
DEFAULT_KINDS = ("ccomp", "prep")
ALL_KINDS = ("ccomp", "xcomp", "dobj", "prep")


def candidate_frames(verb: Any, kinds: Sequence[str] = DEFAULT_KINDS) -> list[str]:
    """The frames a verb fills in its parse: core complements, then 'prep:WORD' for its prepositions."""
    frames = [d for d in ALL_KINDS if d != "prep" and d in kinds and any(c.dep_ == d and c.i > verb.i for c in verb.children)]
    if "prep" in kinds:
        frames += sorted({f"prep:{c.lower_}" for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.i < c.right_edge.i})
    return frames


def count_frames(articles: Sequence[pn.Article], docs: Sequence[Any], kinds: Sequence[str] = DEFAULT_KINDS) -> dict[tuple[str, str], list[int]]:
    """(lemma, frame) -> [candidates not covered by the stage, of which hits]."""
    saved = lx.LEARNED_CUE_FRAMES
    lx.LEARNED_CUE_FRAMES = {}
    counts: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    try:
        for article, doc in zip(articles, docs):
            findings = at.find_quotes(doc)
            if findings.speakers is None:
                continue
            covered = [(q.content_start, q.content_end) for q in findings.quotes]
            index = at._Index(doc, findings.spans)
            sourced = [g for g in article.attributions if g.source]
            for verb in doc:
                lemma = verb.lemma_.lower()
                if not at.frame_verb(verb, index):
                    continue
                frames = candidate_frames(verb, kinds)
                if not frames:
                    continue
                subject = at._subject(verb)
                if subject is None or index.in_dateline[subject.i]:
                    continue
                mention = findings.speakers.mention(subject, "", strong=False)
                if mention is None:
                    continue
                for frame in frames:
                    tokens = at.frame_content(verb, [frame])
                    if tokens is None:
                        continue
                    span = at._trim_content(doc, tokens[0], tokens[1], index)
                    if span is None or at._place_holding_an_idea(verb, subject, span, index):
                        continue
                    if any(marker in doc.text[span[0] : span[1]].casefold() for marker in at._CONDITIONS):
                        continue
                    if any(pn._overlaps(span, [c]) for c in covered):
                        continue
                    hit = any(pn._overlaps(span, g.content) and pn._overlaps((mention.start, mention.end), g.source) for g in sourced)
                    counts[(lemma, frame)][0] += 1
                    counts[(lemma, frame)][1] += hit
    finally:
        lx.LEARNED_CUE_FRAMES = saved
    return counts


def select(counts: dict[tuple[str, str], list[int]], min_count: int, min_precision: float) -> dict[str, tuple[str, ...]]:
    """Kept frames per lemma, the most precise first (``frame_content`` takes the first that fills)."""
    kept: dict[str, list[tuple[float, str]]] = collections.defaultdict(list)
    for (lemma, frame), (n, hits) in counts.items():
        if n >= min_count and hits / n >= min_precision:
            kept[lemma].append((hits / n, frame))
    return {lemma: tuple(f for _, f in sorted(frames, key=lambda pf: (-pf[0], pf[1]))) for lemma, frames in sorted(kept.items())}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--min-count", type=int, default=8)
    parser.add_argument("--min-precision", type=float, default=0.5)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--kinds", default=",".join(DEFAULT_KINDS), help=f"frame kinds to learn, of {','.join(ALL_KINDS)}")
    args = parser.parse_args(argv)
    from claimtrace.nlp.pipeline import load_nlp

    articles = pn.load_articles(args.directory, args.limit)
    docs = list(load_nlp().pipe((a.text for a in articles), batch_size=16))
    counts = count_frames(articles, docs, [k.strip() for k in args.kinds.split(",")])
    table = select(counts, args.min_count, args.min_precision)
    print("LEARNED_CUE_FRAMES: dict[str, tuple[str, ...]] = {")
    for lemma, frames in table.items():
        detail = ", ".join(f"{f} {counts[(lemma, f)][1]}/{counts[(lemma, f)][0]}" for f in frames)
        quoted = ", ".join(f'"{f}"' for f in frames)
        print(f'    "{lemma}": ({quoted},),  # {detail}')
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
