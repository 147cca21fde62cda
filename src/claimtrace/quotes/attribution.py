"""Find attributed statements in a parsed document.

The parse does the heavy lifting: a speech verb (``say``, ``warn``, ...) or
'according to' is a cue; its subject is the speaker and its clausal
complement the content. Quotation marks, paired by ``marks``, decide the kind:
content that is all quoted is direct, partly quoted is mixed, unquoted is
indirect. A quote with no cue in its sentence inherits the speaker of the
statement just before it (the quote-only paragraph) or, failing that, of a
bare 'So said X' right after it. Everything here is one pass over tokens plus
work proportional to the number of cues, so the stage stays cheap next to the
parse it reuses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimtrace.nlp.pipeline import sentences_from_doc
from claimtrace.quotes import extractor
from claimtrace.quotes import lexicon as lx
from claimtrace.quotes.marks import QuoteSpan, find_quote_spans
from claimtrace.quotes.model import Quote, SpeakerMention
from claimtrace.quotes.speakers import DocumentSpeakers, doc_text
from claimtrace.records import Sentence, content_hash
from claimtrace.time.clauses import clause_path

DIRECT_COVERAGE = 0.75  # share of content inside quote marks for a statement to count as direct
QUOTE_ONLY_COVERAGE = 0.6  # share of a sentence a cue-less quote must fill to be a statement
MIN_QUOTE_WORDS = 3
MIN_FRAME_WORDS = 1  # content words a learned cue frame needs ('spoke of Varan')
_DOCUMENTS = lx.DOCUMENT_NOUNS | lx.MEDIA_DOCUMENTS
_ELABORATING = frozenset({"advcl", "xcomp", "conj"})  # a verb hanging from a cue this way goes on with its statement
_CONDITIONS = tuple(m for m in lx.ANONYMITY_MARKERS if m not in {"unnamed", "anonymous"})
DUPLICATE_OVERLAP = 0.8  # same speaker, this much shared content: one statement, not two
MAX_COLON_SPEAKER = 5  # 'Senator Ivo Halvorsen:' -- longer lead-ins are not a speaker label
_CONTENT_DEPS = frozenset({"ccomp", "parataxis"})
_XCOMP_VERBS = frozenset({"urge", "warn", "promise", "vow", "pledge", "threaten", "claim", "tell", "advise"})
_SPEECH_MEDIA = lx.DOCUMENT_NOUNS | {"interview", "speech", "briefing", "conference", "call", "broadcast"}
_NAMING_VERBS = frozenset({"call", "label", "dub", "brand"})  # 'called it "taboo"'
MIN_OBJECT_TOKENS = 5  # 'denied the report' is a reaction; 'rejected opposition demands for an early election' reports one
_TRAILING_DEPS = frozenset({"prep", "npadvmod", "advmod", "punct", "advcl", "nsubj", "agent", "dative", "dobj", "tmod", "cc", "conj"})
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "brief", "assure", "warn", "remind"})
_REQUESTS = frozenset({"demand", "ask", "urge", "request", "want", "order", "press", "require"})
_SUBJECT_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp"})
_STRIP_CHARS = " \t\n,;:—–-"
_WORD = re.compile(r"\w+")
# A dateline opening a paragraph: a place in capitals, maybe a date and an agency, then a dash.
DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3}(?:,[^\n—–-]{1,30}?)?(?:\s*\([^)\n]{1,40}\))?\s*[-–—]{1,2}\s+")


@dataclass
class _Cue:
    """A speech cue with its speaker token and content span from the parse."""

    head: Token
    lemma: str
    start: int
    end: int
    subject: Token | None
    content: tuple[int, int] | None
    sent: int
    context: str = ""
    frame_only: bool = False
    claimed: list[QuoteSpan] = field(default_factory=list)
    overlapping: list[QuoteSpan] = field(default_factory=list)
    mention: SpeakerMention | None = None
    date_text: str | None = None


class _Index:
    """Token and sentence lookups shared by the passes over one document."""

    def __init__(self, doc: Doc, spans: list[QuoteSpan], overlong: Iterable[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.token_starts = [t.idx for t in doc]
        self.sent_of = [0] * len(doc)
        self.sent_bounds: list[tuple[int, int]] = []
        for n, sent in enumerate(doc.sents):
            self.sent_bounds.append((sent.start, sent.end))
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n
        self.in_quote = [False] * len(doc)
        for span in spans:
            first = self.token_at(span.open_mark)
            last_char = span.close_mark if span.close_mark is not None else span.end - 1
            last = self.token_at(last_char)
            for i in range(first, last + 1):
                self.in_quote[i] = True
        self.text = doc_text(doc)
        paragraph_starts = [m.start() for m in re.finditer(r"[^\n]+", self.text)]
        self.paragraph_starts = paragraph_starts or [0]
        self.in_dateline = [False] * len(doc)  # 'DRAVSK - ', 'BEIJING, March 3 (Calder) — ': never a speaker or content
        for match in DATELINE.finditer(self.text):
            for i in range(self.token_at(match.start()), len(doc)):
                if doc[i].idx >= match.end():
                    break
                self.in_dateline[i] = True
        # tokens of over-long runs without sentence structure (character spans): never evidence, so never read for speech
        self.overlong = [False] * len(doc)
        for start, end in overlong:
            for i in range(self.token_at(start), len(doc)):
                if self.token_starts[i] >= end:
                    break
                self.overlong[i] = True

    def token_at(self, char: int) -> int:
        """Index of the token covering (or nearest before) a character offset."""
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def paragraph_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, char) - 1)

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens first..last inclusive."""
        doc = self.doc
        return doc[first].idx, doc[last].idx + len(doc[last].text)


@dataclass
class QuoteFindings:
    """What the quotes stage finds in one document and hands forward.

    ``spans`` are the paired quotation marks and ``speakers`` the index of the
    people the document names (built on the parse: it stays in the process
    that parsed), so later stages (provenance) use them instead of finding
    them again.
    """

    quotes: list[Quote]
    spans: list[QuoteSpan]
    speakers: DocumentSpeakers | None


def extract_quotes(doc: Doc, sentences: list[Sentence] | None = None, document_id: str | None = None) -> list[Quote]:
    """Every attributed statement in ``doc``, in text order (``find_quotes`` without the rest)."""
    return find_quotes(doc, sentences, document_id).quotes


def find_quotes(doc: Doc, sentences: list[Sentence] | None = None, document_id: str | None = None) -> QuoteFindings:
    """Every attributed statement in ``doc``, in text order, with the quote spans and speaker index found on the way.

    ``doc.text`` must be the repaired document text: offsets are into it.
    ``sentences`` (from ``sentences_from_doc``) are computed when not given;
    ``document_id`` scopes anonymous speakers to this document (defaults to
    the document id the records module derives from the text).
    """
    text = doc_text(doc)
    if not text.strip():
        return QuoteFindings([], [], None)
    scope = document_id or content_hash(text)[:12]
    spans = find_quote_spans(text)
    sentences = sentences if sentences is not None else sentences_from_doc(doc)
    index = _Index(doc, spans, [(s.start, s.end) for s in sentences if getattr(s, "overlong", False)])
    speakers = DocumentSpeakers(doc, scope, index.in_quote)
    cues = [cue for token in doc if (cue := _cue_at(token, index)) is not None]
    cues.extend(_colon_cues(doc, index))
    cues.sort(key=lambda c: c.start)
    _claim_quotes(cues, spans, index)
    framed = _frame_cues(doc, cues, index)
    quotes: list[Quote] = []
    for cue in cues:
        if cue.subject is None:
            continue
        cue.mention = speakers.mention(cue.subject, cue.context, strong=cue.lemma in lx.STRONG_SPEECH_VERBS or cue.lemma in {"according to", ":"})
        if cue.mention is None:
            continue
        quotes.extend(_quotes_for_cue(cue, text))
    quotes.extend(_carried_quotes(cues, spans, quotes, index, text))
    quotes = extractor.combine(doc, quotes, speakers, skip=index.overlong, quotes=spans)  # the trained extractor's statements, rules filling in
    quotes = extractor.merge(quotes, _frame_quotes(framed, speakers, spans, text))  # learned cue frames fill in last
    quotes = _deduplicate(quotes)
    _set_sentence_indices(quotes, sentences)
    # a quote in a caption, a credit or a "Key Points" bullet repeats or frames the article: not a statement
    quotes = [q for q in quotes if not sentences or getattr(sentences[min(q.sentence_index, len(sentences) - 1)], "role", "body") == "body"]
    return QuoteFindings(quotes, spans, speakers)


# ---------------------------------------------------------------------------
# cues


def _cue_at(token: Token, index: _Index) -> _Cue | None:
    if index.in_quote[token.i] or index.overlong[token.i]:
        return None
    lower = token.lower_
    if lower == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
        return _according_to(token, index)
    if token.pos_ == "NOUN" and token.lemma_.lower() in lx.NOUN_CUES:
        return _noun_cue(token, index)
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or (lemma not in lx.SPEECH_VERBS and lemma not in lx.CLAUSE_ONLY_VERBS):
        return None
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    if (lemma == "point" and "out" not in particles) or (lemma == "rule" and "out" in particles):
        return None
    if token.head.lemma_.lower() in {"decline", "refuse"} and token.dep_ == "xcomp":
        return None
    if token.head.lemma_.lower() in _REQUESTS and token.dep_ in {"xcomp", "ccomp"} and token.head.i != token.i:
        return None  # 'demanded that the ministry explain', 'urged him to say': asked for, not said
    subject = _subject(token)
    if subject is not None and index.in_dateline[subject.i]:
        subject = next((c for c in token.children if c.dep_ == "nsubj" and not index.in_dateline[c.i]), None)
    content = _verb_content(token, lemma, subject if subject is not None and subject.head.i == token.i else None, index)
    if subject is not None and content is not None and _place_holding_an_idea(token, subject, content, index):
        return None
    negated = any(c.dep_ == "neg" for c in token.children)
    frame_only = lemma in lx.FRAME_ONLY_VERBS or (lemma in _NAMING_VERBS and content is None) or negated
    start, end = token.idx, token.idx + len(token.text)
    context = " ".join(
        doc_text(token.doc)[c.left_edge.idx : c.right_edge.idx + len(c.right_edge.text)]
        for c in token.children
        if c.dep_ in {"advcl", "prep"} and c.i > token.i
    )
    cue = _Cue(token, lemma, start, end, subject, None if frame_only else content, index.sent_of[token.i], context, frame_only)
    cue.date_text = _stated_date(token, subject, content, index)
    return cue


def _frame_cues(doc: Doc, cues: list[_Cue], index: _Index) -> list[_Cue]:
    """Cues from ``lexicon.LEARNED_CUE_FRAMES`` ('believes that ...', 'blamed X for Y', 'spoke about X'):
    a verb with its subject and the first of its learned complements, where the lexicon's own cue on
    that verb found no content and claimed no quote. A negated verb or a frame-only verb stays a frame."""
    frames = lx.LEARNED_CUE_FRAMES
    if not frames:
        return []
    ruled = {c.head.i: c for c in cues}
    out: list[_Cue] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma not in frames or not frame_verb(token, index):
            continue
        if any(_reports(ruled.get(i)) for i in (token.i, token.head.i if token.dep_ in _ELABORATING else token.i)):
            continue  # the lexicon's cue reports here, or this verb elaborates its statement ('said ..., referring to ...')
        content = frame_content(token, frames[lemma])
        if content is None:
            continue
        subject = _subject(token)
        if subject is None or index.in_dateline[subject.i]:
            continue
        span = _trim_content(doc, content[0], content[1], index)
        if span is None or _place_holding_an_idea(token, subject, span, index):
            continue
        cue = _Cue(token, lemma, token.idx, token.idx + len(token.text), subject, span, index.sent_of[token.i])
        cue.date_text = _stated_date(token, subject, span, index)
        out.append(cue)
    return out


def _reports(cue: _Cue | None) -> bool:
    return cue is not None and (cue.content is not None or bool(cue.claimed))


def frame_verb(token: Token, index: _Index) -> bool:
    """A verb that may open a learned cue frame: outside quotation marks, not frame-only, not negated, and
    not what someone declined, refused or was asked to do ('declined to comment on the report')."""
    if token.pos_ != "VERB" or index.in_quote[token.i] or index.overlong[token.i] or token.lemma_.lower() in lx.FRAME_ONLY_VERBS:
        return False
    if any(c.dep_ == "neg" for c in token.children):
        return False
    head = token.head.lemma_.lower()
    return not (token.dep_ in {"xcomp", "ccomp"} and token.head.i != token.i and (head in {"decline", "refuse"} or head in _REQUESTS))


def frame_content(verb: Token, frames: Iterable[str]) -> tuple[int, int, str] | None:
    """First and last token of the verb's first complement that fills one of ``frames`` (a dependency
    label, or 'prep:WORD' for the object of that preposition), after the verb, and that frame."""
    for frame in frames:
        dep, _, word = frame.partition(":")
        for child in verb.children:
            if child.i <= verb.i or child.dep_ != dep or (word and child.lower_ != word):
                continue
            first = child.i + 1 if word else child.left_edge.i
            if first > child.right_edge.i:
                continue
            return first, child.right_edge.i, frame
    return None


def _frame_quotes(cues: list[_Cue], speakers: DocumentSpeakers, spans: list[QuoteSpan], text: str) -> list[Quote]:
    """Statements of the learned cue frames; their speakers pass the weak-cue test (names, pronouns and listed
    speaker nouns only), their kind follows the quote marks inside them."""
    out: list[Quote] = []
    for cue in cues:
        assert cue.subject is not None and cue.content is not None
        mention = speakers.mention(cue.subject, cue.context, strong=False)
        if mention is None or mention.canonical.casefold() in _DOCUMENTS:
            continue  # no one, or a document nobody was found to have issued ('the editorial refers to ...')
        start, end = cue.content
        lowered = text[start:end].casefold()
        if any(marker in lowered for marker in _CONDITIONS):
            continue  # 'asked not to be named', 'requested anonymity': the terms of speaking, not a statement
        inside = [s for s in spans if not s.single and _overlaps((start, end), (s.start, s.end))]
        kind = "indirect" if not inside else "direct" if _coverage((start, end), inside, text) >= DIRECT_COVERAGE else "mixed"
        if len(_WORD.findall(text[start:end])) >= MIN_FRAME_WORDS:
            out.append(Quote(start, end, text[start:end], kind, cue.lemma, cue.start, cue.end, mention, -1, cue.date_text))
    return out


def _place_holding_an_idea(verb: Token, subject: Token, content: tuple[int, int], index: _Index) -> bool:
    """'Beijing rejects the notion of alliances': a place whose 'statement' is a noun phrase naming an idea
    (no clause, no verb, nothing quoted) holds a position; it is not reported as speaking."""
    if subject.ent_type_ not in {"GPE", "LOC"} or any(c.dep_ in _CONTENT_DEPS or c.dep_ == "xcomp" for c in verb.children):
        return False
    first, last = index.token_at(content[0]), index.token_at(content[1] - 1)
    words = verb.doc[first : last + 1]
    return not any(t.pos_ in {"VERB", "AUX"} or index.in_quote[t.i] for t in words)


def _subject(verb: Token) -> Token | None:
    """The speaker token: the verb's subject, or the subject of the verb it hangs from.

    'X quoted Y as saying' credits Y; a name the tagger mislabelled (an
    adverb 'Alesko' right before 'told') still counts when NER saw a person.
    """
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_.lower() in {"quote", "cite"}:
        objects = [c for c in verb.head.head.children if c.dep_ == "dobj"]
        if objects:
            return objects[0]
    reporter = extractor.reporter_going_on(verb)
    if reporter is not None:
        return reporter
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "nsubj":
                return child
        if current is verb:
            named = [c for c in verb.lefts if c.ent_type_ in {"PERSON", "ORG"} and c.dep_ in {"advmod", "npadvmod", "compound", "dep"}]
            if named:
                return named[-1]
        if current.dep_ in _SUBJECT_CLIMB and current.head.pos_ in {"VERB", "AUX"} and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
            document = current.head  # 'a statement saying ...'
            issuer = document.head
            if document.dep_ == "dobj" and document.lemma_.lower() in lx.DOCUMENT_NOUNS and issuer.pos_ == "VERB":
                subjects = [c for c in issuer.children if c.dep_ == "nsubj"]
                if subjects:
                    return subjects[0]  # 'X issued a statement saying ...': X speaks
            return document
        break
    return None


def _verb_content(verb: Token, lemma: str, subject: Token | None, index: _Index) -> tuple[int, int] | None:
    """Character span of what the verb reports, from its dependents."""
    children = list(verb.children)
    parts = [c for c in children if c.dep_ == "ccomp"]
    if lemma in lx.CLAUSE_ONLY_VERBS:
        parts = parts or _misattached_that_clause(verb)
        if not parts:
            return None
    if not parts and lemma in _XCOMP_VERBS:
        parts = [c for c in children if c.dep_ == "xcomp"]
    if not parts and lemma in _NAMING_VERBS:
        obj = [c for c in children if c.dep_ in {"dobj", "oprd", "ccomp"}]
        preps = [c for c in children if c.dep_ == "prep" and c.lower_ == "for"]
        parts = obj if len(obj) >= 2 or any(c.dep_ == "oprd" for c in obj) else preps
    elif not parts and (lemma in lx.OBJECT_CONTENT_VERBS or lemma in {"say", "tell", "write", "add"}):
        objects = [c for c in children if c.dep_ == "dobj"]
        if objects:
            objects += [c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i]
            words = sum(1 for o in objects for t in o.subtree if not t.is_space)
            parts = objects if words >= MIN_OBJECT_TOKENS else []
    if not parts:
        parts = [c for c in children if c.dep_ == "parataxis" and c.i > verb.i]
    if not parts:
        parts = _misattached_that_clause(verb)
    if not parts and verb.dep_ == "parataxis" and verb.head.i > verb.i:
        return _parenthetical_content(verb, index)
    if parts:
        first = min(p.left_edge.i for p in parts)
        last = max(p.right_edge.i for p in parts)
        return _trim_content(verb.doc, first, last, index)
    return _content_before(verb, subject, index)


def _misattached_that_clause(verb: Token) -> list[Token]:
    """'claimed to reporters after the meeting that X ...': the parser often hangs the
    that-clause on the nearest noun; take it back when it follows the cue closely."""
    doc = verb.doc
    for tok in doc[verb.i + 1 : min(verb.right_edge.i + 1, verb.i + 10)]:
        if tok.lower_ == "that" and tok.head.i > tok.i and tok.head.pos_ in {"VERB", "AUX"}:
            # 'said in a statement that ...' hangs the clause on 'statement'; 'responding to
            # speculation that ...' is the speculation's content, not the cue's
            clause = tok.head
            on_medium = clause.dep_ == "acl" and clause.head.lemma_.lower() in _SPEECH_MEDIA
            if tok.dep_ in {"mark", "dobj"} and (clause.dep_ == "relcl" or on_medium):
                return [clause]
        if tok.pos_ in {"VERB", "AUX"} and tok.i != verb.i:
            break
    return []


def _parenthetical_content(verb: Token, index: _Index) -> tuple[int, int] | None:
    """'The list, he said, would be shared ...': the clause around the cue is the content."""
    head = verb.head
    first, last = head.left_edge.i, head.right_edge.i
    sent_start, sent_end = index.sent_bounds[index.sent_of[verb.i]]
    return _trim_content(verb.doc, max(first, sent_start), min(last, sent_end - 1), index)


def _content_before(verb: Token, subject: Token | None, index: _Index) -> tuple[int, int] | None:
    """'<clause>, Cheng said.': the clause before a sentence-final cue."""
    if subject is None:
        return None  # only a cue with its own subject can close a sentence ('..., Cheng said.')
    sent_start, _ = index.sent_bounds[index.sent_of[verb.i]]
    if any(c.dep_ not in _TRAILING_DEPS or (c.dep_ == "dobj" and verb.lemma_ not in _ADDRESSEE_VERBS) for c in verb.rights):
        return None  # the cue goes on to say something: it does not close the sentence
    cut = min(verb.i, subject.left_edge.i)
    if cut - sent_start < 3:
        return None
    separator = verb.doc[cut - 1]
    if not (separator.is_punct or index.in_quote[cut - 1]):
        return None
    if not any(t.pos_ in {"VERB", "AUX"} for t in verb.doc[sent_start:cut]):
        return None
    return _trim_content(verb.doc, sent_start, cut - 1, index)


def _trim_content(doc: Doc, first: int, last: int, index: _Index) -> tuple[int, int] | None:
    """Drop the complementizer and edge punctuation; None when nothing is left."""
    while first <= last and (
        index.in_dateline[first] or doc[first].is_space or doc[first].dep_ == "mark" and doc[first].lower_ in {"that", "whether", "if"}
        or (doc[first].is_punct and not doc[first].is_quote)
    ):
        first += 1
    while last >= first and (doc[last].is_space or doc[last].is_punct and not doc[last].is_quote and doc[last].text not in {".", "?", "!"}):
        last -= 1  # a headline's clause ends at its line break, not in the blank line after it
    if last < first:
        return None
    start, end = index.char_span(first, last)
    return start, end


def _according_to(token: Token, index: _Index) -> _Cue | None:
    doc = token.doc
    to = doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    if not objects:
        return None
    sent_start, sent_end = index.sent_bounds[index.sent_of[token.i]]
    phrase_first, phrase_last = token.i, max(objects[0].right_edge.i, to.i)
    first, last = sent_start, sent_end - 1
    if phrase_first - first <= 1:
        first = phrase_last + 1
    elif last - phrase_last <= 1:
        last = phrase_first - 1
    content = _trim_content(doc, first, last, index) if first <= last else None
    if content is None:
        return None
    return _Cue(token, "according to", token.idx, to.idx + len(to.text), objects[0], content, index.sent_of[token.i])


def _noun_cue(token: Token, index: _Index) -> _Cue | None:
    """'Thomas's warning that ...', 'the ministry's statement that ...'."""
    owners = [c for c in token.children if c.dep_ == "poss"]
    if not owners:
        return None
    clauses = [c for c in token.children if c.dep_ in {"acl", "ccomp", "appos"} and any(m.dep_ == "mark" for m in c.children)]
    if not clauses and token.head.lemma_ == "be" and token.dep_ == "nsubj":
        clauses = [c for c in token.head.children if c.dep_ in {"ccomp", "attr"} and c.i > token.i]
    if not clauses:
        return None
    content = _trim_content(token.doc, clauses[0].left_edge.i, clauses[0].right_edge.i, index)
    if content is None:
        return None
    return _Cue(token, token.lemma_.lower(), token.idx, token.idx + len(token.text), owners[0], content, index.sent_of[token.i])


def _colon_cues(doc: Doc, index: _Index) -> list[_Cue]:
    """'Kestrel: We will not resign' -- a headline or transcript line led by a speaker and a colon."""
    out: list[_Cue] = []
    for n, (start, end) in enumerate(index.sent_bounds):
        if index.overlong[start]:
            continue
        words = [t for t in doc[start:end] if not t.is_space]
        colon = next((k for k, t in enumerate(words[:MAX_COLON_SPEAKER + 1]) if t.text == ":"), None)
        if colon is None or colon == 0 or index.in_quote[words[colon].i]:
            continue
        speaker_tokens = words[:colon]
        if any(t.pos_ == "VERB" for t in speaker_tokens):
            continue  # 'He said: ...' is a verb cue already
        head = next((t for t in reversed(speaker_tokens) if t.pos_ in {"PROPN", "NOUN"}), None)
        if head is None or not (head.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or head.lemma_.lower() in lx.PERSON_NOUNS):
            continue
        if head.pos_ == "NOUN" and not any(t.dep_ in {"det", "poss", "amod", "compound"} for t in head.lefts):
            continue  # a bare label ('Source:', 'Note:') introduces a byline, not a statement
        rest = words[colon + 1 :]
        if len([t for t in rest if t.is_alpha]) < MIN_QUOTE_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in rest):
            continue
        content = _trim_content(doc, rest[0].i, rest[-1].i, index)
        if content is None:
            continue
        colon_token = words[colon]
        out.append(_Cue(colon_token, ":", colon_token.idx, colon_token.idx + 1, head, content, n))
    return out


def _stated_date(verb: Token, subject: Token | None, content: tuple[int, int] | None, index: _Index) -> str | None:
    """'said on Monday' -> 'Monday': a DATE entity in the cue's own clause, outside the content and the
    quote marks, whose path up to the cue stays in that clause (``clause_path``).

    Only the cue's adverbial dependents are searched, and never below another
    verb (a relative clause on a noun there is another clause), so the work is
    the size of the cue's clause, not of the document.
    """
    for child in verb.children:
        if child.dep_ not in lx.DATE_ATTACHMENTS:
            continue
        stack, first = [child], None
        while stack:
            tok = stack.pop()
            if tok.i != child.i and tok.pos_ in {"VERB", "AUX"}:
                continue
            stack.extend(tok.children)
            outside = not index.in_quote[tok.i] and (content is None or not content[0] <= tok.idx < content[1])
            if outside and tok.ent_type_ == "DATE" and (first is None or tok.i < first.i):
                if clause_path(extractor.entity_of(tok).root, {verb.i}, content) is not None:
                    first = tok
        if first is not None:
            return extractor.entity_of(first).text
    return None


# ---------------------------------------------------------------------------
# quotes to cues


def _is_title_like(text: str) -> bool:
    """'Squawk Box Asia', 'The China-Pakistan Axis': a name, not a statement."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words) and len(words) <= 8


def _statement_like(span: QuoteSpan, text: str) -> bool:
    """Long enough and not a title; or an utterance closed by its own punctuation ('“You lie!”')."""
    content = text[span.start : span.end]
    words = len(_WORD.findall(content))
    if words >= MIN_QUOTE_WORDS and not _is_title_like(content):
        return True
    return words >= 1 and _ends_utterance(span, text)


def _ends_utterance(span: QuoteSpan, text: str) -> bool:
    """'“Denver,” he answered' / '“Too many.”': punctuation inside the closing mark."""
    if span.close_mark is None:
        return False
    tail = text[span.start : span.close_mark].rstrip()
    return bool(tail) and tail[-1] in ".!?,…" and not _is_title_like(text[span.start : span.end]) or (bool(tail) and tail[-1] in "!?")


def _frame_sentences(span: QuoteSpan, index: _Index) -> range:
    """spaCy sentences the quote touches, plus a cue-bearing tail ('..., he said.') split off."""
    first = index.sent_of[index.token_at(span.open_mark)]
    if first > 0 and _ends_with_colon(index, first - 1, span.open_mark):
        first -= 1  # 'Schumer tweeted:' then the quote, possibly in the next paragraph
    close = span.close_mark if span.close_mark is not None else span.end - 1
    last = index.sent_of[index.token_at(close)]
    if last + 1 < len(index.sent_bounds):
        next_start = index.doc[index.sent_bounds[last + 1][0]].idx
        if next_start - close <= 2 and "\n" not in index.text[close:next_start]:
            last += 1
    return range(first, last + 1)


def _ends_with_colon(index: _Index, sent: int, open_mark: int) -> bool:
    start, end = index.sent_bounds[sent]
    last = end - 1
    while last >= start and index.doc[last].is_space:
        last -= 1
    if last < start or index.doc[last].text != ":":
        return False
    colon = index.doc[last].idx
    return colon < open_mark and not index.text[colon + 1 : open_mark].strip()


def _claim_quotes(cues: list[_Cue], spans: list[QuoteSpan], index: _Index) -> None:
    """Give each quote to the cue whose content holds it, else to the nearest frame cue."""
    by_sent: dict[int, list[_Cue]] = {}
    for cue in cues:
        by_sent.setdefault(cue.sent, []).append(cue)
    text = index.text
    pending: list[tuple[QuoteSpan, list[_Cue]]] = []
    for span in spans:
        if span.single or not _statement_like(span, text):
            # scare quotes and titles still colour content they sit in
            for cue in by_sent.get(index.sent_of[index.token_at(span.open_mark)], []):
                if cue.content and _overlaps(cue.content, (span.start, span.end)):
                    cue.overlapping.append(span)
            continue
        frame = [c for s in _frame_sentences(span, index) for c in by_sent.get(s, [])]
        holders = [c for c in frame if c.content and _overlaps(c.content, (span.start, span.end))]
        if holders:
            best = min(holders, key=lambda c: c.content[1] - c.content[0])  # type: ignore[index]
            best.overlapping.append(span)
            continue
        pending.append((span, frame))
    for span, frame in pending:
        framers = [c for c in frame if c.subject is not None and (c.content is None or _mostly_quoted(c, text))]
        if framers:
            nearest = min(framers, key=lambda c: _distance(c, span))
            nearest.claimed.append(span)


def _mostly_quoted(cue: _Cue, text: str) -> bool:
    if cue.content is None:
        return True
    return _coverage(cue.content, cue.overlapping, text) >= DIRECT_COVERAGE


def _coverage(content: tuple[int, int], spans: list[QuoteSpan], text: str) -> float:
    """Share of the content's word characters that sit inside quote marks."""
    start, end = content
    for span in spans:
        start, end = min(start, span.open_mark), max(end, (span.close_mark or span.end) + 1)
    total = sum(len(w) for w in _WORD.findall(text[start:end]))
    if total == 0:
        return 0.0
    inside = sum(len(w) for span in spans for w in _WORD.findall(text[span.start : span.end]))
    return min(1.0, inside / total)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _distance(cue: _Cue, span: QuoteSpan) -> int:
    close = span.close_mark if span.close_mark is not None else span.end
    if cue.start >= close:
        return cue.start - close
    if cue.end <= span.open_mark:
        return span.open_mark - cue.end
    return 0


# ---------------------------------------------------------------------------
# building quotes


def _direct_quote(span: QuoteSpan, cue: _Cue, text: str, carried: bool = False) -> Quote:
    start, end = span.start, span.end
    while end > start and text[end - 1] in _STRIP_CHARS:
        end -= 1
    assert cue.mention is not None
    return Quote(start, end, text[start:end], "direct", cue.lemma, cue.start, cue.end, cue.mention, -1, cue.date_text, carried)


def _quotes_for_cue(cue: _Cue, text: str) -> list[Quote]:
    assert cue.mention is not None
    out: list[Quote] = []
    statements = [s for s in cue.overlapping if not s.single and _statement_like(s, text)]
    if cue.content is not None:
        if statements and _coverage(cue.content, cue.overlapping, text) >= DIRECT_COVERAGE:
            out.extend(_direct_quote(s, cue, text) for s in statements)
        else:
            start, end = cue.content
            for span in cue.overlapping:  # keep the marks of quotes that straddle the content edge
                start, end = min(start, span.open_mark), max(end, (span.close_mark if span.close_mark is not None else span.end - 1) + 1)
            kind = "mixed" if cue.overlapping else "indirect"
            if len(_WORD.findall(text[start:end])) >= 2:
                out.append(Quote(start, end, text[start:end], kind, cue.lemma, cue.start, cue.end, cue.mention, -1, cue.date_text))
    out.extend(_direct_quote(s, cue, text) for s in cue.claimed)
    return out


def _carried_quotes(cues: list[_Cue], spans: list[QuoteSpan], quotes: list[Quote], index: _Index, text: str) -> list[Quote]:
    """Quote-only sentences and paragraphs: the speaker is in the statement before (or after)."""
    taken = {(s.start, s.end) for c in cues for s in c.claimed + c.overlapping}
    resolved = sorted((c for c in cues if c.mention is not None), key=lambda c: c.start)
    out: list[Quote] = []
    history = sorted(quotes, key=lambda q: q.content_start)
    for span in spans:
        if span.single or (span.start, span.end) in taken or not _statement_like(span, text):
            continue
        if not _fills_its_sentences(span, index) or not _has_verb(span, index):
            continue
        source = _previous_statement(span, history, index) or _next_bare_cue(span, resolved, index)
        if source is None:
            continue
        quote = Quote(
            span.start, span.end, "", "direct", source.cue, source.cue_start, source.cue_end, source.speaker, -1, source.stated_date_text, True
        )
        end = quote.content_end
        while end > quote.content_start and text[end - 1] in _STRIP_CHARS:
            end -= 1
        quote.content_end, quote.text = end, text[quote.content_start : end]
        out.append(quote)
        history.append(quote)
        history.sort(key=lambda q: q.content_start)
    return out


def _has_verb(span: QuoteSpan, index: _Index) -> bool:
    """A statement says something: 'Owen Matthews, longtime Russia watcher' does not."""
    first, last = index.token_at(span.start), index.token_at(span.end - 1)
    return any(t.pos_ in {"VERB", "AUX"} for t in index.doc[first : last + 1])


def _fills_its_sentences(span: QuoteSpan, index: _Index) -> bool:
    text = index.text
    frame = _frame_sentences(span, index)
    first, _ = index.sent_bounds[frame.start]
    _, last = index.sent_bounds[frame.stop - 1]
    start, end = index.char_span(first, last - 1)
    total = sum(len(w) for w in _WORD.findall(text[start:end]))
    inside = sum(len(w) for w in _WORD.findall(text[span.start : span.end]))
    return total > 0 and (inside / total >= QUOTE_ONLY_COVERAGE or len(span.segments) > 1)


def _previous_statement(span: QuoteSpan, history: list[Quote], index: _Index) -> Quote | None:
    """The last statement ending before the quote, in its paragraph or the one before."""
    before = [q for q in history if q.content_end <= span.open_mark and q.cue_end <= span.open_mark]
    if not before:
        return None
    last = max(before, key=lambda q: q.content_end)
    gap = index.paragraph_of(span.open_mark) - index.paragraph_of(max(last.content_end - 1, last.cue_start))
    return last if gap <= 1 else None


def _next_bare_cue(span: QuoteSpan, cues: list[_Cue], index: _Index) -> Quote | None:
    """'So said X.' right after the quote: a cue with a speaker and nothing else to report."""
    close = span.close_mark if span.close_mark is not None else span.end
    next_sent = _frame_sentences(span, index).stop
    for cue in cues:
        if cue.start <= close:
            continue
        if cue.sent != next_sent or cue.content is not None or cue.claimed or cue.mention is None:
            return None
        if index.paragraph_of(cue.start) - index.paragraph_of(close) > 1:
            return None
        return Quote(0, 0, "", "direct", cue.lemma, cue.start, cue.end, cue.mention, -1, cue.date_text)
    return None


def _deduplicate(quotes: list[Quote]) -> list[Quote]:
    """One record per statement: the same speaker credited twice with (mostly) the same words
    (two cues on one clause, 'said ..., responding ...') keeps the first record."""
    out: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: (q.content_start, -q.content_end)):
        if quote.content_end <= quote.content_start:
            continue
        if any(kept.speaker.canonical == quote.speaker.canonical and _mostly_same(kept, quote) for kept in out[-4:]):
            continue
        out.append(quote)
    return out


def _mostly_same(a: Quote, b: Quote) -> bool:
    overlap = min(a.content_end, b.content_end) - max(a.content_start, b.content_start)
    shorter = min(a.content_end - a.content_start, b.content_end - b.content_start)
    return overlap >= DUPLICATE_OVERLAP * shorter


def _set_sentence_indices(quotes: list[Quote], sentences: list[Sentence]) -> None:
    starts = [s.start for s in sentences]
    for quote in quotes:
        quote.sentence_index = max(0, bisect.bisect_right(starts, quote.content_start) - 1) if starts else 0
