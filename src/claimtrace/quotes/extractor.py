"""The trained attribution extractor: cue, source and content spans from a model, linked.

A spaCy NER trained on PolNeAR (``train/attribution/``, model card in
``src/claimtrace/models/attribution/MODEL_CARD.md``) tags SOURCE, CUE and
CONTENT spans. It listens to the English model's own tok2vec, so on a parsed
document it reuses ``doc.tensor`` and only its transition model runs. The
spans are then linked into attributions (``link``): each content and source
goes to a cue in its sentence, content-only sentences continue the quote next
to them; and each attribution becomes a ``Quote`` whose speaker is resolved by
the quotes stage's own ``DocumentSpeakers`` (so 'he' is the person it refers
to).

``combine`` is the hook the rule-based stage calls: with the default policy
(``rules+model``) the rules' statements come first and a model statement is
kept only where no rule statement covers its content (``CLAIMTRACE_ATTRIBUTION``
= ``rules`` turns the model off, ``model`` drops the rules, ``model+rules``
puts the model first). The figures behind that choice
are in the model card.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, ORTH, SENT_START, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d

from claimtrace.quotes import lexicon as lx
from claimtrace.quotes.marks import QuoteSpan, find_quote_spans
from claimtrace.quotes.model import Quote, SpeakerMention
from claimtrace.quotes.speakers import abstract_noun, doc_text
from claimtrace.time.clauses import clause_path

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution" / "pipeline"
POLICIES = ("model+rules", "model", "rules", "rules+model")
DEFAULT_POLICY = "rules+model"
FALLBACK = os.environ.get("CLAIMTRACE_ATTRIBUTION_FALLBACK", "named")  # speakers the resolver refuses: none | named | all
DIRECT_COVERAGE = 0.75  # as the rules: this share of content inside marks is a direct quote
_STRIP = " \t\n,;:—–-"
_MARKS = '"“”„‟«»＂〝〞'
_WORD = re.compile(r"\w+")
MIN_OBJECT_WORDS = 3  # a verbless object shorter than this ('confirms fleet growth') is a headline or a reaction
# cues that report with a noun phrase ('cited disparaging remarks', 'described the deal as toothless') besides the lexicon's
_NAMING_CUES = frozenset({"accord", "cite", "mention", "describe", "characterize", "characterise", "deride", "reference", "endorse", "call"})
MAX_CONDITION_WORDS = 8  # 'not to be named', 'on condition of anonymity': the terms of speaking, not a statement
_GOING_ON = frozenset({"add"})  # cues that continue the reporter's own statement
_CONDITIONS = tuple(m for m in lx.ANONYMITY_MARKERS if m not in {"unnamed", "anonymous"})


@registry.architectures("claimtrace.ListenerEncoder.v1")
def listener_encoder(width: int, upstream: str, depth: int, window_size: int, maxout_pieces: int) -> Model[list[Doc], list[Floats2d]]:
    """The upstream tok2vec's vectors (``doc.tensor`` at run time) with a few trainable
    convolution layers on top, so the extractor sees wider context than the frozen
    English tok2vec gives while paying only for these layers."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, tok2vec_listener_v1
    from thinc.api import chain, with_array

    listener = tok2vec_listener_v1(width=width, upstream=upstream)
    encoder = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=depth)
    model: Model[list[Doc], list[Floats2d]] = chain(listener, with_array(encoder))
    model.set_dim("nO", width)
    return model


def policy() -> str:
    value = os.environ.get("CLAIMTRACE_ATTRIBUTION", DEFAULT_POLICY).strip().lower()
    return value if value in POLICIES else DEFAULT_POLICY


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The shipped pipeline (tok2vec + ner), or None when the package holds none.

    ``CLAIMTRACE_ATTRIBUTION_MODEL`` points at another trained pipeline (for training runs).
    """
    folder = Path(os.environ.get("CLAIMTRACE_ATTRIBUTION_MODEL") or MODEL_DIR)
    if not (folder / "config.cfg").is_file():
        return None
    import spacy

    return spacy.load(folder)


def available() -> bool:
    return load_model() is not None


@dataclass
class Attribution:
    """Token spans of one attribution: a cue, its sources and its content pieces."""

    cue: Span | None
    sources: list[Span] = field(default_factory=list)
    contents: list[Span] = field(default_factory=list)

    @property
    def source(self) -> Span | None:
        """The source nearest the cue (the local mention: 'he', 'the senator')."""
        if not self.sources:
            return None
        if self.cue is None:
            return self.sources[0]
        return min(self.sources, key=lambda s: _gap(s, self.cue))  # type: ignore[arg-type]

    def content_chars(self) -> tuple[int, int] | None:
        if not self.contents:
            return None
        return min(c.start_char for c in self.contents), max(c.end_char for c in self.contents)


def predict_spans(doc: Doc, skip: Sequence[bool] | None = None, everywhere: bool = False, quotes: list[QuoteSpan] | None = None) -> list[Span]:
    """SOURCE / CUE / CONTENT spans from the model; ``doc.ents`` is left as it was.

    The tagger is most of the quotes stage's time, so it reads only the
    attribution windows (``attribution_windows``: sentences that could hold an
    attribution); ``everywhere`` reads every sentence. Tokens flagged in ``skip`` (over-long runs without sentence
    structure, never evidence) are not tagged either. What is left is tagged in
    pieces of whole sentences, batched (``PIECE_TOKENS``), each piece reusing its
    slice of ``doc.tensor``. The model's entities never cross a sentence
    boundary, so cutting between sentences loses no span it could find.
    """
    nlp = load_model()
    if nlp is None or len(doc) == 0:
        return []
    off = np.zeros(len(doc), dtype=bool) if skip is None else np.asarray(skip, dtype=bool)
    if not everywhere:
        off = off | ~attribution_windows(doc, quotes)
    ranges = _kept_ranges(off.tolist())
    if not ranges:
        return []
    if doc.tensor is None or doc.tensor.shape[0] != len(doc):
        from claimtrace.nlp.pipeline import load_nlp

        load_nlp().get_pipe("tok2vec")(doc)  # the extractor was trained on this tok2vec's output
    ner = nlp.get_pipe("ner")
    for label in ner.labels:
        doc.vocab.strings.add(label)  # the labels live in the model's own vocab
    if ranges == [(0, len(doc))] and len(doc) <= PIECE_TOKENS:
        return _tag(ner, doc)
    pieces = [piece for begin, end in ranges for piece in _pieces(doc, PIECE_TOKENS, begin, end)]
    copy = _PieceCopier(doc)
    found: list[Span] = []
    for batch in _batches(pieces, PIECE_TOKENS):
        for (start, _), piece in zip(batch, _tag_copies(ner, [copy(start, stop) for start, stop in batch])):
            found.extend(Span(doc, start + e.start, start + e.end, label=e.label_) for e in piece.ents)
    return found


# The NER's memory grows with the tokens it holds (28k tokens held 240 MB over the loaded models), so a
# longer stretch is tagged in pieces of whole sentences, and the short pieces of one document are tagged
# together in batches of at most PIECE_TOKENS tokens.
PIECE_TOKENS = 2_000

# Sentences of context the tagger reads before and after a candidate sentence. None by default: its
# entities never cross a sentence boundary, and on PolNeAR dev one sentence either side scored the same
# (lenient all F1 0.693 with none, 0.694 with one each side, 0.694 tagging everything) while it put 98% of
# a news text's tokens in the windows (85% with none), so it bought nothing. A cue-less sentence that only
# continues the statement before it ('They will pay for the new hospitals.') is the case it would catch.
CONTEXT_BEFORE = 0
CONTEXT_AFTER = 0
# Words that make a sentence a candidate: the rules' cues, the learned cue frames, and the verbs of
# thought, intent and stance the trained model tags as cues on PolNeAR's train split ('think', 'want').
WINDOW_CUE_LEMMAS = (
    lx.SPEECH_VERBS
    | lx.CLAUSE_ONLY_VERBS
    | lx.OBJECT_CONTENT_VERBS
    | lx.NOUN_CUES
    | frozenset(lx.LEARNED_CUE_FRAMES)
    | _NAMING_CUES
    | frozenset(
        """
        think believe know want expect hope seem appear feel fear worry doubt wonder understand consider
        realize realise recognize recognise learn remember imply mean plan decide intend seek refuse decline
        offer speak talk discuss express address question refer support oppose welcome slam attack applaud
        cheer boo congratulate react blame insist remind demonstrate assume guess suspect figure agree
        """.split()
    )
)
_WINDOW_WORDS = ("according", ":")


@lru_cache(maxsize=1)
def _window_hashes() -> tuple[np.ndarray, np.ndarray]:
    """String ids of the cue lemmas (as written and capitalised, for a headline's 'Says') and the other words."""
    lemmas = {get_string_id(w) for lemma in WINDOW_CUE_LEMMAS for w in (lemma, lemma.capitalize())}
    words = {get_string_id(w) for w in _WINDOW_WORDS}
    return np.array(sorted(lemmas), dtype=np.uint64), np.array(sorted(words), dtype=np.uint64)


def _sentence_ids(doc: Doc) -> np.ndarray:
    """Per token, the index of its sentence (all 0 without sentence boundaries), from the token array:
    ``doc.sents`` builds a Span per sentence by walking every token, on each access."""
    if len(doc) == 0 or not doc.has_annotation("SENT_START"):
        return np.zeros(len(doc), dtype=np.int64)
    starts = doc.to_array(SENT_START) == 1
    starts[0] = True
    return np.cumsum(starts) - 1


def attribution_windows(doc: Doc, quotes: list[QuoteSpan] | None = None) -> np.ndarray:
    """Per token: True inside the stretch the trained tagger reads.

    A sentence is a candidate when it holds a cue word (``WINDOW_CUE_LEMMAS``),
    'according to', a colon, or any part of a quotation (its marks or the text
    between them, so every sentence of a long quote is in); the window is each
    candidate with ``CONTEXT_BEFORE`` / ``CONTEXT_AFTER`` sentences around it. A document
    without sentence boundaries is read whole. Read from the token arrays, not
    token by token: this runs on every document. ``quotes``: the document's
    ``find_quote_spans``, when the caller has them.
    """
    n = len(doc)
    if n == 0 or not doc.has_annotation("SENT_START"):
        return np.ones(n, dtype=bool)
    sent_of = _sentence_ids(doc)
    n_sents = int(sent_of[-1]) + 1
    lemmas, words = _window_hashes()
    hit = np.isin(doc.to_array(LEMMA), lemmas) | np.isin(doc.to_array(LOWER), words)
    candidate = np.zeros(n_sents, dtype=bool)
    candidate[sent_of[hit]] = True
    offsets = doc.to_array(IDX)
    for span in find_quote_spans(doc_text(doc)) if quotes is None else quotes:
        last_char = span.close_mark if span.close_mark is not None else max(span.open_mark, span.end - 1)
        first = max(0, int(np.searchsorted(offsets, span.open_mark, side="right")) - 1)
        last = max(first, int(np.searchsorted(offsets, last_char, side="right")) - 1)
        candidate[sent_of[first] : sent_of[last] + 1] = True
    window = candidate.copy()
    for shift in range(1, CONTEXT_AFTER + 1):
        window[shift:] |= candidate[:-shift]
    for shift in range(1, CONTEXT_BEFORE + 1):
        window[:-shift] |= candidate[shift:]
    return window[sent_of]


class _PieceCopier:
    """Copies of ``doc[start:stop]`` with only what the tagger reads: words, spaces, sentence starts and
    the tensor slice. ``Span.as_doc`` copies every attribute of the whole document (and averages token
    vectors) on each call, which cost more than tagging a short piece."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        strings = doc.vocab.strings
        self.words = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
        self.spaces = doc.to_array(SPACY).astype(bool).tolist()
        self.sent_starts = (doc.to_array(SENT_START) == 1).tolist()

    def __call__(self, start: int, stop: int) -> Doc:
        sent_starts = self.sent_starts[start:stop]
        sent_starts[0] = True
        piece = Doc(self.doc.vocab, words=self.words[start:stop], spaces=self.spaces[start:stop], sent_starts=sent_starts)
        piece.tensor = self.doc.tensor[start:stop]
        return piece


def _batches(pieces: list[tuple[int, int]], limit: int) -> list[list[tuple[int, int]]]:
    """Consecutive pieces grouped so that a group holds at most ``limit`` tokens (or one piece)."""
    out: list[list[tuple[int, int]]] = []
    size = 0
    for start, stop in pieces:
        if out and size + stop - start <= limit:
            out[-1].append((start, stop))
            size += stop - start
        else:
            out.append([(start, stop)])
            size = stop - start
    return out


def _tag_copies(ner: Any, pieces: list[Doc]) -> list[Doc]:
    """Tag fresh copies in one batch (the transition model steps all of them at once)."""
    return list(ner.pipe(pieces, batch_size=max(1, len(pieces))))


def _tag(ner: Any, doc: Doc) -> list[Span]:
    saved = list(doc.ents)
    try:
        doc.ents = []
        ner(doc)
        return [Span(doc, e.start, e.end, label=e.label_) for e in doc.ents]
    finally:
        doc.ents = saved


def _kept_ranges(skip: Sequence[bool]) -> list[tuple[int, int]]:
    """The maximal token ranges [begin, end) with no flag set in ``skip``."""
    ranges: list[tuple[int, int]] = []
    begin: int | None = None
    for i, flagged in enumerate(skip):
        if flagged and begin is not None:
            ranges.append((begin, i))
            begin = None
        elif not flagged and begin is None:
            begin = i
    if begin is not None:
        ranges.append((begin, len(skip)))
    return ranges


def _pieces(doc: Doc, size: int, begin: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token ranges of at most ``size`` tokens that cover ``doc[begin:end]``, cut between sentences where it has them."""
    end = len(doc) if end is None else end
    if doc.has_annotation("SENT_START"):
        sent_of = _sentence_ids(doc)[begin:end]
        starts = (np.flatnonzero(sent_of[1:] != sent_of[:-1]) + begin + 1).tolist()
    else:
        starts = []
    pieces: list[tuple[int, int]] = []
    while end - begin > size:
        limit = begin + size
        k = bisect.bisect_right(starts, limit) - 1
        cut = starts[k] if k >= 0 else begin
        stop = cut if cut > begin else limit  # one sentence longer than a piece is cut inside
        pieces.append((begin, stop))
        begin = stop
    pieces.append((begin, end))
    return pieces


def _gap(a: Span, b: Span) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _quote_ids(doc: Doc, quotes: list[QuoteSpan] | None = None) -> list[int]:
    """For each token, the index of the quotation it sits in, or -1."""
    ids = [-1] * len(doc)
    starts = doc.to_array(IDX).tolist()
    for n, span in enumerate(s for s in (find_quote_spans(doc_text(doc)) if quotes is None else quotes) if not s.single):
        last = span.close_mark if span.close_mark is not None else span.end - 1
        first_tok = max(0, bisect.bisect_right(starts, span.open_mark) - 1)
        last_tok = max(0, bisect.bisect_right(starts, last) - 1)
        for i in range(first_tok, last_tok + 1):
            ids[i] = n
    return ids


def link(doc: Doc, spans: list[Span], quotes: list[QuoteSpan] | None = None) -> list[Attribution]:
    """Group model spans into attributions.

    Cues anchor attributions. A content piece goes to the nearest cue in its
    sentence; a piece in a sentence without a cue continues the neighbouring
    piece it touches (only marks, spaces or punctuation between), preferring
    the neighbour inside the same quotation, else the previous attribution when
    it lies in the same or the previous paragraph. A source goes to the nearest
    cue in its sentence, else to a cue without a source in the next or previous
    sentence.
    """
    if not spans:
        return []
    sent_of = _sentence_ids(doc).tolist()
    text = doc_text(doc)
    para_starts = [m.start() for m in re.finditer(r"[^\n]+", text)] or [0]

    def para(span: Span) -> int:
        return bisect.bisect_right(para_starts, span.start_char) - 1

    cues = [s for s in spans if s.label_ == "CUE"]
    attributions = [Attribution(c) for c in cues]
    by_sent: dict[int, list[int]] = {}
    for k, cue in enumerate(cues):
        by_sent.setdefault(sent_of[cue.start], []).append(k)

    def nearest_cue(span: Span) -> int | None:
        candidates = by_sent.get(sent_of[span.start], []) + (by_sent.get(sent_of[span.end - 1], []) if sent_of[span.end - 1] != sent_of[span.start] else [])
        if not candidates:
            return None
        return min(candidates, key=lambda k: (_gap(span, cues[k]), cues[k].start))

    contents = [s for s in spans if s.label_ == "CONTENT"]
    owner: list[int | None] = [nearest_cue(c) for c in contents]
    quote_of = _quote_ids(doc, quotes)

    def touches(a: Span, b: Span) -> bool:
        between = text[a.end_char : b.start_char]
        return not _WORD.search(between) and between.count("\n") <= 2

    def same_quote(a: Span, b: Span) -> bool:
        qa, qb = quote_of[a.start], quote_of[b.end - 1]
        return qa >= 0 and qa == qb

    # continuation pieces: first a touching neighbour inside the same quotation (either side,
    # repeated so a long quote fills from the piece that has the cue), then the touching one before
    n = len(contents)
    linked = [k + 1 < n and touches(contents[k], contents[k + 1]) for k in range(n)]
    quoted = [linked[k] and same_quote(contents[k], contents[k + 1]) for k in range(n)]
    changed = True
    while changed:
        changed = False
        for k in range(n):
            if owner[k] is not None:
                continue
            if k > 0 and quoted[k - 1] and owner[k - 1] is not None:
                owner[k], changed = owner[k - 1], True
            elif quoted[k] and owner[k + 1] is not None:
                owner[k], changed = owner[k + 1], True
    for k in range(n):
        if owner[k] is None and not quoted[k] and not (k > 0 and quoted[k - 1]) and k > 0 and linked[k - 1]:
            owner[k] = owner[k - 1]
    for k, piece in enumerate(contents):
        if owner[k] is not None:
            continue
        # a cue-less piece: the closest attribution before it within a paragraph, else the next cue in its paragraph
        previous = [j for j, c in enumerate(cues) if c.end <= piece.start and para(piece) - para(c) <= 1]
        following = [j for j, c in enumerate(cues) if c.start >= piece.end and para(c) == para(piece) and sent_of[c.start] - sent_of[piece.end - 1] <= 1]
        if following and (not previous or sent_of[cues[following[0]].start] == sent_of[piece.end - 1]):
            owner[k] = following[0]
        elif previous:
            owner[k] = previous[-1]
    for k, piece in enumerate(contents):
        if owner[k] is not None:
            attributions[owner[k]].contents.append(piece)  # type: ignore[index]

    for source in (s for s in spans if s.label_ == "SOURCE"):
        k = nearest_cue(source)
        if k is None:
            s = sent_of[source.start]
            near = [j for n in (s + 1, s - 1) for j in by_sent.get(n, []) if not attributions[j].sources]
            k = near[0] if near else None
        if k is not None:
            attributions[k].sources.append(source)
    return [a for a in attributions if a.contents]


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` merged into sorted, disjoint intervals (for bisect lookups)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _kind(start: int, end: int, quoted: list[tuple[int, int]], text: str) -> str:
    """direct / mixed / indirect by the share of the content's word characters inside quote marks.

    ``quoted`` must be sorted and disjoint (``_disjoint``): each word is looked up by bisection, so
    a document with many quotes costs O(words log quotes), not O(words x quotes).
    """
    total = sum(len(w) for w in _WORD.findall(text[start:end]))
    inside = 0
    starts = [s for s, _ in quoted]
    for m in _WORD.finditer(text, start, end):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < quoted[i][1]:
            inside += m.end() - m.start()
    if total == 0 or inside == 0:
        return "indirect"
    return "direct" if inside / total >= DIRECT_COVERAGE else "mixed"


def _trim(text: str, start: int, end: int, direct: bool) -> tuple[int, int]:
    strip = _STRIP + (_MARKS if direct else "")
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _stated_date(cue: Span, content: tuple[int, int]) -> str | None:
    """'said on Monday': a DATE entity hanging from the cue, outside the content, that governs the
    saying's own clause (``clause_path``): not 'said ... since the pact collapsed in the 1960s' nor
    'said after the vote on Friday'. The path is to the cue's head word, as in ``date_quote``: the other
    words of a cue the model read ('said after the vote') are on the path like any others."""
    governors = {cue.root.i}
    for child in cue.root.children:
        if child.dep_ not in lx.DATE_ATTACHMENTS:
            continue
        for tok in child.subtree:
            if tok.ent_type_ == "DATE" and not content[0] <= tok.idx < content[1]:
                entity = entity_of(tok)
                if clause_path(entity.root, governors, content) is not None:
                    return entity.text
    return None


def entity_of(tok: Token) -> Span:
    """The entity span holding ``tok`` (which has an entity type), found from its IOB tags: the
    work is the entity's length, where scanning ``doc.ents`` cost the whole document per cue."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


_ENTITY_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "government", "NORP": "government"}


def _fallback_mention(source: Span, scope: str | None, speaker_verb: bool = True) -> SpeakerMention | None:
    """A SOURCE span the speaker resolver turned down: keep it as written when it names
    someone, never a bare pronoun (unless FALLBACK is 'all'). What names someone is the span's
    head, not a word inside it: an entity that holds the head ('the Kestran Daily Wire'), or a
    noun that may be someone (the model read 'environmentalists worry' as a source); never a
    possessor's entity on an abstract head ('Kestrania's absence' is not Kestrania), a noun the
    resolver reads as no one ('history', ``speakers.abstract_noun``), nor a possessor's unlisted
    noun ('the government's silence') unless the cue is a verb only speakers do (``speaker_verb``)."""
    words = [t for t in source if not (t.is_punct or t.is_space)]
    if not words:
        return None
    if all(t.pos_ in {"PRON", "DET"} for t in words) and FALLBACK != "all":
        return None
    root = source.root
    ent = next((e for e in source.ents if e.start <= root.i < e.end), None)
    possessed = root.pos_ == "NOUN" and any(c.dep_ == "poss" for c in root.children)
    if ent is None and FALLBACK != "all" and root.pos_ != "PROPN" and (abstract_noun(root.lemma_) is not None or (possessed and not speaker_verb)):
        return None
    kind = _ENTITY_TYPES.get(ent.label_, "organisation") if ent is not None else "anonymous"
    name = re.sub(r"^(the|a|an)\s+", "", source.text.strip(), flags=re.I)
    return SpeakerMention(source.text, source.start_char, source.end_char, name, kind, None, None, None if ent is not None else scope)


def reporter_going_on(verb: Token) -> Token | None:
    """'He said that some authors have argued for it but added that ...': the parser joins 'added' to
    the reported verb, but whoever 'adds' goes on reporting; the speaker is the reporting verb's subject."""
    if verb.lemma_.lower() not in _GOING_ON or verb.dep_ != "conj" or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return None
    reported = verb.head
    reporting = reported.head
    if reported.dep_ != "ccomp" or reporting.i == reported.i or reporting.lemma_.lower() not in lx.SPEECH_VERBS:
        return None
    return next((c for c in reporting.children if c.dep_ == "nsubj"), None)


def _subject_of(cue: Span, content: tuple[int, int]) -> Token | None:
    """No SOURCE span: the cue's grammatical subject, outside the content, when the parse has one."""
    current = cue.root
    for _ in range(3):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and not content[0] <= child.idx < content[1]:
                return child if child.dep_ == "nsubj" else None
        if current.dep_ in {"xcomp", "conj", "advcl"} and current.head.i != current.i:
            current = current.head
            continue
        break
    return None


def _reports_something(doc: Doc, cue: Span, start: int, end: int, kind: str) -> bool:
    """The tests the rules put on a statement, for the model's: content that is only the
    anonymity condition ('asked not to be named'), or opens with it and gives its reason ('asked not
    to be named because of the sensitivity of the subject'), reports nothing; and unquoted content with no
    verb ('approved a second plant', 'confirms fleet growth', a headline's 'shapes Dravian ties')
    is a statement only after a reporting verb and when it says enough (the rules' 'denied the
    report' is a reaction; 'rejected opposition demands for an early election' reports one)."""
    content = doc.char_span(start, end, alignment_mode="expand")
    if content is None:
        return True
    words = [t for t in content if not (t.is_punct or t.is_space)]
    lowered = content.text.casefold()  # not doc.text, which joins every token of the document on each call
    if any(marker in lowered for marker in _CONDITIONS) and (len(words) <= MAX_CONDITION_WORDS or lowered.lstrip(_STRIP + _MARKS).startswith(_CONDITIONS)):
        return False  # the condition, alone or opening the content with its reason ('not to be named because of ...')
    if kind != "indirect" or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return True
    return _reporting(cue.root.lemma_.lower()) and len(words) >= MIN_OBJECT_WORDS


def _strong(lemma: str) -> bool:
    """A verb only speakers do ('say', 'tell', ``lexicon.STRONG_SPEECH_VERBS``) or 'according to',
    as the rules read them; 'show', 'suggest' and 'signal' are done by facts and events too."""
    return lemma in lx.STRONG_SPEECH_VERBS or lemma == "accord"


def _reporting(lemma: str) -> bool:
    """A cue that reports speech or writing, by the lexicon."""
    return lemma in lx.SPEECH_VERBS or lemma in lx.OBJECT_CONTENT_VERBS or lemma in lx.CLAUSE_ONLY_VERBS or lemma in _NAMING_CUES


def model_quotes(doc: Doc, speakers: Any, spans: list[Span] | None = None, skip: Sequence[bool] | None = None,
                 quotes: list[QuoteSpan] | None = None) -> list[Quote]:
    """Quotes from the model's linked spans; speakers resolved by ``speakers.mention``.

    An attribution whose source the speaker resolver will not accept (or that
    has no source) is left out: a statement needs someone who made it.
    """
    text = doc_text(doc)
    quotes = find_quote_spans(text) if quotes is None else quotes
    spans = predict_spans(doc, skip, quotes=quotes) if spans is None else spans
    quoted = _disjoint([(s.start, s.end) for s in quotes if not s.single])
    out: list[Quote] = []
    for attribution in link(doc, spans, quotes):
        chars, cue = attribution.content_chars(), attribution.cue
        if chars is None or cue is None:
            continue
        source = attribution.source
        reporter = reporter_going_on(cue.root)
        if reporter is not None and (source is None or not source.start <= reporter.i < source.end):
            source = None  # 'He said that some authors argued ... but added ...': he adds, not they
        head = reporter if reporter is not None else source.root if source is not None else _subject_of(cue, chars)
        if head is None:
            continue
        # any noun may speak after a reporting cue; after another verb ('the dispute shapes ...') only
        # names and listed speaker nouns do, as in the rules. A possessor's noun ('the government's
        # silence suggests', 'her refusal shows') is the possessor's act or quality, not someone,
        # unless the verb is one only speakers do ('his partner said')
        lemma = cue.root.lemma_.lower()
        strong = _reporting(lemma) and (_strong(lemma) or not any(c.dep_ == "poss" for c in head.children))
        mention: SpeakerMention | None = speakers.mention(head, "", strong=strong)
        if mention is None and source is not None and FALLBACK != "none":
            mention = _fallback_mention(source, getattr(speakers, "scope", None), _strong(lemma))
        if mention is None:
            continue
        if source is not None:  # the mention as the model read it ('A reporter for USA Today'), resolved as the resolver did
            mention = replace(mention, text=source.text, start=source.start_char, end=source.end_char)
        kind = _kind(chars[0], chars[1], quoted, text)
        start, end = _trim(text, chars[0], chars[1], kind == "direct")
        if len(_WORD.findall(text[start:end])) < 2 or not _reports_something(doc, cue, start, end, kind):
            continue
        cue = attribution.cue
        out.append(
            Quote(start, end, text[start:end], kind, cue.root.lemma_.lower(), cue.start_char, cue.end_char, mention, -1, _stated_date(cue, (start, end)))
        )
    return out


def merge(first: list[Quote], second: list[Quote]) -> list[Quote]:
    """``first``, plus each statement of ``second`` whose content none of ``first`` overlaps."""
    kept = list(first)
    ordered = sorted((f.content_start, f.content_end) for f in first)
    starts = [a for a, _ in ordered]
    reach: list[int] = []  # reach[i]: the furthest content end among ordered[: i + 1]
    for _, b in ordered:
        reach.append(max(b, reach[-1]) if reach else b)
    for q in second:  # some f overlaps q iff an f starting before q ends reaches past q's start
        i = bisect.bisect_left(starts, q.content_end)
        if not (i > 0 and reach[i - 1] > q.content_start):
            kept.append(q)
    return sorted(kept, key=lambda q: (q.content_start, q.content_end))


def _borrow(model: list[Quote], rules: list[Quote]) -> None:
    """Where the rules read the same cue, keep their speaker and statement date (they know
    'X issued a statement saying' and the date rules); the model keeps its spans."""
    by_cue = {(q.cue_start, q.cue_end): q for q in rules}
    for quote in model:
        rule = by_cue.get((quote.cue_start, quote.cue_end))
        if rule is None:
            continue
        if quote.stated_date_text is None:
            quote.stated_date_text = rule.stated_date_text


def combine(doc: Doc, rule_quotes: list[Quote], speakers: Any, mode: str | None = None, skip: Sequence[bool] | None = None,
            quotes: list[QuoteSpan] | None = None) -> list[Quote]:
    """The quotes stage's statements under the chosen policy (see ``POLICIES``); ``skip`` as for ``predict_spans``,
    ``quotes``: the document's ``find_quote_spans``, which the rules found already."""
    mode = mode or policy()
    if mode == "rules" or not available():
        return rule_quotes
    found = model_quotes(doc, speakers, skip=skip, quotes=quotes)
    _borrow(found, rule_quotes)
    if mode == "model":
        return found
    if mode == "rules+model":
        return merge(rule_quotes, found)
    return merge(found, rule_quotes)
