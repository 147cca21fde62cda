"""Find who cites whom in one annotated document.

Four passes, each cheap next to the spaCy parse they reuse:

1. publication: the document's own outlet and author (metadata), and whether
   it republishes someone else's piece ('Source : X, Y' with 'Translated by',
   'This story was first published by X', a wire byline or dateline credit);
2. parenthetical credits: '(Source: AFP)', '(RIA Novosti, June 7)';
3. cues in the parse: 'according to X', 'X reported', 'an article on the site
   Y reports', 'X quoted Z', 'citing Z', 'X refers to the article by Y', 'X told
   the Morning Post', 'sources interviewed by X', and mentions of a piece
   ('a Dec. 2 opinion piece by Y');
4. the quotes stage's attributions: the document quotes each speaker.

Every edge points from the citing node to the cited one and carries the
sentence that shows it. When a sentence reports that X cites Z, the document
cites X (not Z directly), so chains keep their intermediate links.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimtrace.provenance import lexicon as lx
from claimtrace.provenance.model import RELATION_PRIORITY, CitationEdge, Node
from claimtrace.provenance.names import (
    acronym,
    anonymous_key,
    clean_outlet_name,
    document_key,
    organisation_key,
    outlet_abbreviation,
    outlet_key,
    person_key,
    slug,
)
from claimtrace.quotes.speakers import DocumentSpeakers
from claimtrace.quotes.speakers import normalise_name as _normalise_name
from claimtrace.records import AnnotatedDocument

CATAPHORA_REACH = 2  # sentences after an unnamed piece in which the text may name it
NAME_BEFORE_REACH = 8  # tokens back from a participle ('X, citing Y,') to look for X
PRONOUN_REACH = 2  # sentences an 'it' may look back for the piece it stands for
HEADER_LINES = 12  # credit lines sit in the first and last few lines
FOOTER_LINES = 8
MAX_CREDIT_LINE = 200
MAX_CREDIT_WORDS = 14  # a byline or masthead is short; a sentence naming the outlet is not a credit
_GROUP_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "NORP", "EVENT"})
_GENERIC_PIECES = frozenset({"article", "story", "piece", "report"})  # 'the article' may be any piece; 'the column' a column
_NOT_SOURCES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "LAW"})
_NAME_DEPS = frozenset({"compound", "flat", "amod", "nmod", "nummod", "poss"})

_SOURCE_CREDIT = re.compile(r"^\(?\s*source\s*:\s*(?P<outlet>[^,|()]+?)\s*(?:,\s*(?P<author>[A-Z][^\d,()]*?))?\s*(?P<date>\d[\d./-]*\d)?\s*\)?$", re.I)
_TRANSLATED_BY = re.compile(r"^(?:translated|translation)\s*(?:by|:)\s*(?P<who>.+?)\s*\.?$", re.I)
_TRANSLATION_MARK = re.compile(r"^original\s+(?:headline|title|language)\s*:|republishes\b.*\btranslation|\bin translation\b", re.I)
_FIRST_PUBLISHED = re.compile(
    r"(?:this|the)\s+(?:story|article|piece|report|column|interview)\s+(?:was\s+|is\s+)?(?:first|originally)\s+"
    r"(?:published|appeared|ran|carried)\s+(?:by|in|on|at)\s+(?P<outlet>[^.;(]+?)(?:\s*\((?P<abbr>[A-Z]{2,8})\))?\s*(?:[.;]|$)"
    r"|(?:republished|reprinted|reproduced|syndicated)\s+(?:with\s+permission\s+)?(?:from|by)\s+(?P<outlet2>[^.;(]+?)\s*(?:[.;]|$)",
    re.I,
)
_BYLINE = re.compile(r"^by\s+(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*[,|–—-]\s*(?P<outlet>[A-Z][^|,]{2,60}?)\s*$", re.I)
_DATELINE_WIRE = re.compile(r"^[A-Z][A-Z/ .'’-]{1,40},?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?\((?P<wire>[A-Za-z]{2,10})\)\s*[-–—]")
_PAREN_SOURCE = re.compile(r"\((?:source|sources|photo|credit|via)\s*:\s*(?P<who>[^)]{2,60})\)", re.I)
_PAREN_CITATION = re.compile(
    r"\((?:see\s+)?(?P<who>[A-Z][\w’'.& -]{1,60}?),\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?)\)"
)


normalise_name = lru_cache(maxsize=16384)(_normalise_name)  # names repeat within and across documents


@dataclass
class _Piece:
    """A published piece named in the text ('an article on the site X'), for 'the article' later on."""

    offset: int
    node: Node
    date: str | None
    noun: str = ""  # 'column', 'article': 'the column' refers back to the last column


@dataclass
class _Context:
    """What the passes share about one document."""

    annotated: AnnotatedDocument
    doc: Doc
    doc_node: Node
    own_keys: set[str]
    anonymous_scope: str
    people: DocumentSpeakers
    person_words: set[str]
    sentence_starts: list[int]
    in_quote: list[bool]
    outlet_names: dict[str, Node] = field(default_factory=dict)  # short or written form -> outlet node
    pieces: list[_Piece] = field(default_factory=list)
    persons: list[tuple[int, Node]] = field(default_factory=list)
    anonymous_at: dict[int, Node] = field(default_factory=dict)  # token index -> anonymous node found there
    anonymous_by_head: dict[str, Node] = field(default_factory=dict)
    edges: list[CitationEdge] = field(default_factory=list)
    credit_spans: list[tuple[int, int]] = field(default_factory=list)  # credit lines read by the publication pass
    text: str = ""  # doc.text, which spaCy rebuilds on every access
    ents: tuple[Span, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.annotated.document.id

    @property
    def published(self) -> str | None:
        return self.annotated.document.published.value

    def sentence_at(self, offset: int) -> int | None:
        if not self.sentence_starts:
            return None
        return self.annotated.sentences[max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)].index

    def sentence_span(self, index: int | None) -> tuple[int, int]:
        if index is None:
            return 0, 0
        s = self.annotated.sentences[index] if index < len(self.annotated.sentences) else None
        return (s.start, s.end) if s is not None and s.index == index else (0, 0)


# ---------------------------------------------------------------------------
# entry point


def extract_citations(annotated: AnnotatedDocument) -> list[CitationEdge]:
    """Citation, attribution and republication edges found in one document.

    Needs ``annotated.doc`` (the spaCy parse) and what the quotes stage hands
    forward (``quotes``, ``quote_spans``, ``speaker_index``); uses the time
    stage's dates when present. Edges are deduplicated per sentence, the most
    specific relation winning.
    """
    doc = annotated.doc
    if doc is None or not annotated.document.text.strip():
        return []
    ctx = _context(annotated)
    _publication_edges(ctx)
    _parenthetical_edges(ctx)
    _cue_edges(ctx)
    _quote_edges(ctx)
    _relay_edges(ctx)
    return _deduplicate(ctx)


def _context(annotated: AnnotatedDocument) -> _Context:
    document = annotated.document
    doc = annotated.doc
    doc_node = Node(document_key(document.id), _document_name(annotated), "document", document.published.value)
    people = annotated.speaker_index
    if people is None:
        raise ValueError("extract_citations needs the quotes stage's quote spans and speaker index: run the quotes stage first")
    in_quote = [False] * len(doc)
    token_starts = [t.idx for t in doc]
    text = doc.text
    for span in annotated.quote_spans:
        first = max(0, bisect.bisect_right(token_starts, span.start) - 1)
        last = max(0, bisect.bisect_right(token_starts, max(span.start, span.end - 1)) - 1)
        for i in range(first, last + 1):
            in_quote[i] = True
    person_words = {w for ent in doc.ents if ent.label_ == "PERSON" for w in normalise_name(ent.text).split()}
    ctx = _Context(
        annotated=annotated,
        doc=doc,
        doc_node=doc_node,
        own_keys={doc_node.key},
        anonymous_scope=doc_node.key,
        people=people,
        person_words=person_words,
        sentence_starts=[s.start for s in annotated.sentences],
        in_quote=in_quote,
        text=text,
        ents=tuple(doc.ents),
    )
    if document.outlet:
        own = _outlet_node(ctx, document.outlet)
        ctx.own_keys.add(own.key)
    if document.author:
        author = _author_node(ctx, document.author)
        if author is not None:
            ctx.own_keys.add(author.key)
            ctx.anonymous_scope = author.key  # a columnist's unnamed source is the columnist's source
    return ctx


def _document_name(annotated: AnnotatedDocument) -> str:
    document = annotated.document
    parts = [document.title or document.source]
    if document.outlet:
        parts.append(clean_outlet_name(document.outlet))
    if document.published.value:
        parts.append(document.published.value)
    return " — ".join(p for p in parts if p)


# ---------------------------------------------------------------------------
# nodes


def _outlet_node(ctx: _Context, name: str) -> Node:
    """The outlet a name denotes, remembering its short forms for this document."""
    shown = clean_outlet_name(name) or name.strip()
    known = _known_outlet(ctx, shown)
    if known is not None:
        return known
    node = Node(outlet_key(shown), shown, "outlet")
    ctx.outlet_names[normalise_name(shown)] = node
    abbreviation = outlet_abbreviation(name)
    if abbreviation:
        ctx.outlet_names[abbreviation.lower()] = node
    initials = acronym(shown)
    if initials:
        ctx.outlet_names.setdefault(initials, node)
    return node


def _known_outlet(ctx: _Context, name: str) -> Node | None:
    """'Post' after 'the Washington Post', 'CPA' after 'Continental Press Agency (CPA)'."""
    norm = normalise_name(name).replace("-", " ")
    if norm in ctx.outlet_names:
        return ctx.outlet_names[norm]
    words = norm.split()
    if len(words) == 1:
        tails = {n.key: n for k, n in ctx.outlet_names.items() if len(k.split()) > 1 and k.split()[-1] == words[0]}
        if len(tails) == 1:
            return next(iter(tails.values()))
    key = outlet_key(name)
    return next((n for n in ctx.outlet_names.values() if n.key == key), None)


def _author_node(ctx: _Context, name: str) -> Node | None:
    name = re.sub(r"^(?:dr|prof|mr|mrs|ms)\.?\s+", "", name.strip(), flags=re.I)
    if not name or not re.search(r"[A-Za-z]", name):
        return None
    node = Node(person_key(name), name, "person")
    ctx.person_words.update(normalise_name(name).split())
    return node


def _person_node(ctx: _Context, words_text: str, offset: int) -> Node:
    """A person, completed to the fullest name the document uses ('Matthews' -> 'Owen Matthews')."""
    name = re.sub(r"[’']s?$", "", words_text.strip())
    person = ctx.people.person_for(tuple(normalise_name(name).split()), offset)
    full = person.name if person is not None else name
    node = Node(person_key(full), full, "person")
    ctx.persons.append((offset, node))
    return node


def _is_outlet_name(name: str) -> bool:
    words = set(normalise_name(name).replace("-", " ").split())
    if words & lx.KNOWN_OUTLETS:
        return True
    if words & lx.NON_OUTLET_WORDS and not words & lx.PRESS_WORDS:
        return False
    return bool(words & lx.OUTLET_NAME_WORDS)


def _group_node(ctx: _Context, name: str, outlet_role: bool) -> Node | None:
    """A named outlet or organisation; ``outlet_role`` when the syntax says it publishes or interviews."""
    shown = clean_outlet_name(name)
    if not shown or not re.search(r"[A-Za-z]", shown):
        return None
    known = _known_outlet(ctx, shown)
    if known is not None:
        return known
    words = set(normalise_name(shown).split())
    if _is_outlet_name(shown) or (outlet_role and not words & lx.NON_OUTLET_WORDS):
        return _outlet_node(ctx, name)
    return Node(organisation_key(shown), shown, "organisation")


def _name_span(ctx: _Context, head: Token) -> tuple[int, int]:
    """Token range of the name around ``head``: its compounds, flat parts and entity."""
    doc = ctx.doc
    first = head.i
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS and (child.pos_ == "PROPN" or child.ent_type_ or child.dep_ == "compound"):
            if child.dep_ == "poss":
                continue
            first = min(first, child.left_edge.i if child.dep_ != "poss" else child.i)
    last = head.i
    for child in head.rights:
        if child.dep_ in {"compound", "flat"} and child.i == last + 1:
            last = child.right_edge.i
    if head.ent_iob_ != "O" and head.ent_type_:
        ent = next((e for e in ctx.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            first, last = min(first, ent.start), max(last, ent.end - 1)
    while first < last and (doc[first].dep_ == "det" or doc[first].is_punct or doc[first].lower_ in {"its", "their", "his", "her"}):
        first += 1
    while last > first and (doc[last].tag_ == "POS" or doc[last].is_punct):
        last -= 1
    return first, last + 1


def _span_text(doc: Doc, first: int, end: int) -> str:
    if first >= end:
        return ""
    return doc[first:end].text.strip()


def _node_for(ctx: _Context, head: Token, citer: Node | None = None, outlet_role: bool = False) -> Node | None:
    """The source a noun phrase headed by ``head`` denotes, or None when it names no source."""
    lower = head.lower_
    lemma = head.lemma_.lower()
    if head.ent_type_ in _NOT_SOURCES:
        return None
    if lower in lx.SELF_PRONOUNS:
        return ctx.doc_node
    if head.pos_ == "PRON":
        return _pronoun(ctx, head)
    determiners = {c.lower_ for c in head.lefts if c.dep_ in {"det", "poss"}}
    if lemma in lx.SELF_NOUNS and determiners & {"this", "our"}:
        return ctx.doc_node
    if _is_piece_noun(head) and head.pos_ == "NOUN":
        return _piece(ctx, head)
    if lemma in lx.OUTLET_NOUNS and head.pos_ == "NOUN":
        named = _outlet_noun_name(ctx, head)
        if named is not None:
            return named
        return _last_piece(ctx, head.idx) if determiners & {"the", "that"} else None
    if head.pos_ == "NOUN" and lemma in lx.PERSON_NOUNS and head.dep_ == "appos" and head.head.ent_type_ == "PERSON":
        return _node_for(ctx, head.head, citer, outlet_role)  # 'Piet Oosterhuis, the Northgate Review columnist who ...'
    if head.pos_ == "NOUN" and lemma in lx.PERSON_NOUNS and not head.ent_type_:
        body = _members_of(ctx, head)
        return body if body is not None else _anonymous(ctx, head, citer)
    first, end = _name_span(ctx, head)
    name = _span_text(ctx.doc, first, end)
    if not name:
        return None
    tokens = ctx.doc[first:end]
    is_person = any(t.ent_type_ == "PERSON" for t in tokens) or (
        any(t.text[:1].isupper() for t in tokens) and set(normalise_name(name).split()) <= ctx.person_words
    )
    if is_person and not _is_outlet_name(name):
        return _person_node(ctx, _strip_titles(tokens), head.idx)
    proper = any(t.pos_ == "PROPN" or t.ent_type_ in _GROUP_LABELS for t in tokens)
    if len(tokens) == 1 and tokens[0].is_sent_start and not tokens[0].ent_type_ and not _is_outlet_name(name):
        if _known_outlet(ctx, name) is None:
            return None  # 'Official reports from ...': a capitalised first word, not a name
    if proper or _is_outlet_name(name):
        place = all(t.ent_type_ in {"GPE", "LOC", "NORP"} for t in tokens if t.pos_ == "PROPN" or t.ent_type_)
        return _group_node(ctx, name, outlet_role and not place)
    return None


def _members_of(ctx: _Context, head: Token) -> Node | None:
    """'members of the Ostrian Federal Council': the named body speaks, not an anonymous source."""
    if head.lemma_.lower() not in {"member", "deputy", "lawmaker", "representative", "delegate"}:
        return None
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj" and (c.pos_ == "PROPN" or c.ent_type_ == "ORG")):
            first, end = _name_span(ctx, obj)
            return _group_node(ctx, _span_text(ctx.doc, first, end), outlet_role=False)
    return None


def _strip_titles(tokens: Span) -> str:
    words = [t for t in tokens if not t.is_punct]
    while len(words) > 1 and (
        words[0].lower_ in lx.TITLE_WORDS or words[0].ent_type_ == "NORP" or words[0].pos_ == "DET" or words[0].text[:1].islower()
    ):
        words.pop(0)
    if not words:
        return tokens.text
    return tokens.doc[words[0].i : words[-1].i + 1].text


def _pronoun(ctx: _Context, token: Token) -> Node | None:
    lower = token.lower_
    if lower in {"he", "she", "him", "her", "his"}:
        before = [node for offset, node in ctx.persons if offset < token.idx]
        return before[-1] if before else None
    if lower in {"it", "its"}:
        recent = sorted((p for p in ctx.pieces if p.offset < token.idx), key=lambda p: p.offset)
        here = ctx.sentence_at(token.idx) or 0
        if recent and here - (ctx.sentence_at(recent[-1].offset) or 0) <= PRONOUN_REACH:
            return recent[-1].node
    return None


def _anonymous(ctx: _Context, head: Token, citer: Node | None) -> Node | None:
    """'a source with close ties to ...', 'one anonymous official': a source that belongs to its citer."""
    determiners = {c.lower_ for c in head.lefts if c.dep_ in {"det", "nummod"}}
    described = ctx.text[head.left_edge.idx : head.right_edge.idx + len(head.right_edge.text)]
    marked = any(marker in described.casefold() for marker in lx.ANONYMITY_MARKERS)
    indefinite = bool(determiners & lx.INDEFINITE_DETERMINERS) or (not determiners and head.tag_ == "NNS")
    lemma = head.lemma_.lower()
    if not (marked or indefinite):
        earlier = ctx.anonymous_by_head.get(lemma)  # 'the official' after 'a senior official'
        if earlier is not None:
            ctx.anonymous_at[head.i] = earlier
        return earlier
    scope = citer.key if citer is not None and citer.key not in ctx.own_keys else ctx.anonymous_scope
    description = _shorten(described)
    node = Node(anonymous_key(scope, lemma), description, "anonymous")
    ctx.anonymous_at[head.i] = node
    ctx.anonymous_by_head[lemma] = node
    return node


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _outlet_noun_name(ctx: _Context, head: Token) -> Node | None:
    """'the site Russian Matters', 'the newspaper Vestnik Dravska': the name beside the outlet noun."""
    doc = ctx.doc
    for child in head.children:
        if child.dep_ in {"appos", "compound", "npadvmod", "attr"} and child.pos_ == "PROPN" and child.i > head.i:
            first, end = _name_span(ctx, child)
            return _group_node(ctx, _span_text(doc, first, end), outlet_role=True) if end > first else None
    nxt = head.i + 1
    if nxt < len(doc) and doc[nxt].pos_ == "PROPN":
        end = nxt
        while end < len(doc) and (doc[end].pos_ == "PROPN" or (doc[end].text in {"-", "’s"} and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN")):
            if doc[end].tag_ == "POS":
                break
            end += 1
        return _group_node(ctx, _span_text(doc, nxt, end), outlet_role=True)
    return None


# ---------------------------------------------------------------------------
# pieces: 'an article published on the site X', 'a Dec. 2 opinion piece by Y'


def _piece(ctx: _Context, head: Token, subject_outlet: Node | None = None) -> Node | None:
    """The outlet (else the author) a mentioned piece stands for; remembered for 'the article'."""
    for existing in ctx.pieces:
        if existing.offset == head.idx:
            return existing.node
    author, outlet = _piece_details(ctx, head)
    if outlet is None and author is not None and head.dep_ == "pobj":
        outlet = subject_outlet if subject_outlet is not None else _governing_outlet(ctx, head)
    if author is not None and outlet is not None and author.kind == "person":
        _add(ctx, author, outlet, "writes_for", head, head.sent.start_char, head.sent.end_char)
    node = outlet or author
    if node is None:
        determiners = {c.lower_ for c in head.lefts if c.dep_ == "det"}
        same = any(c.lower_ == "same" for c in head.lefts)
        if determiners & {"this", "our"} and head.lemma_.lower() in lx.SELF_NOUNS:
            return ctx.doc_node
        if (determiners & {"the", "that", "this"} or same) and head.tag_ != "NNS":
            return _last_piece(ctx, head.idx, head.lemma_.lower())
        return None
    ctx.pieces.append(_Piece(head.idx, node, _piece_own_date(ctx, head), head.lemma_.lower()))
    return node


def _piece_details(ctx: _Context, head: Token) -> tuple[Node | None, Node | None]:
    """(author, outlet) from 'by X', 'X's', 'in/on/of X', 'a <Outlet> column'."""
    author: Node | None = None
    outlet: Node | None = None
    for child in head.children:
        if child.dep_ == "poss":
            found = _node_for(ctx, child, outlet_role=True)
            if found is not None and found.kind == "person":
                author = author or found
            elif found is not None:
                outlet = outlet or found
    compounds = [c for c in head.lefts if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_) and c.ent_type_ not in _NOT_SOURCES]
    if compounds and (compounds[-1].ent_type_ == "PERSON" or _may_name_outlet(ctx, compounds[-1])):
        found = _node_for(ctx, compounds[-1], outlet_role=True)
        if found is not None and found.kind == "person":
            author = author or found
        elif found is not None and found.kind in {"outlet", "organisation"}:
            outlet = outlet or found
    for prep in _preps(head):
        word = prep.lower_
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if word == "by":
                found = _node_for(ctx, obj, outlet_role=True)
                if found is not None and found.kind == "person":
                    author = author or found
                elif found is not None:
                    outlet = outlet or found
            elif word in {"in", "on", "of", "from", "at"}:
                if obj.lemma_.lower() in lx.PIECE_NOUNS or not _may_name_outlet(ctx, obj):
                    continue
                found = _node_for(ctx, obj, outlet_role=True)
                if found is not None and found.kind in {"outlet", "organisation"} and outlet is None:
                    outlet = found if found.kind == "outlet" else _group_node(ctx, found.name, outlet_role=True)
                elif found is not None and found.kind == "person" and word == "of":
                    author = author or found
    return author, outlet


def _piece_own_date(ctx: _Context, head: Token) -> str | None:
    """The date of a piece from its own words ('a Dec. 2 opinion piece', 'an article published in November')."""
    found = _date_in(ctx, head.left_edge.idx, head.idx + len(head.text))
    if found:
        return found
    holders = [head] + [c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ in {"in", "on"}):
            for obj in (c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ == "DATE"):
                found = _date_in(ctx, prep.idx, obj.right_edge.idx + len(obj.right_edge.text))
                if found:
                    return found
    return None


def _may_name_outlet(ctx: _Context, head: Token) -> bool:
    """'in the Northgate Review', 'on the site X', 'of Post' -- not 'of the 2001 treaty', 'in May'."""
    if head.ent_type_ in _NOT_SOURCES or head.ent_type_ in {"GPE", "NORP", "EVENT"}:
        return False
    if head.pos_ == "NOUN":
        return head.lemma_.lower() in lx.OUTLET_NOUNS
    first, end = _name_span(ctx, head)
    name = _span_text(ctx.doc, first, end)
    if _is_outlet_name(name) or _known_outlet(ctx, clean_outlet_name(name)) is not None:
        return True
    if end - first == 1 and ctx.doc[first].is_sent_start:
        return False  # 'Official reports from ...': a capitalised first word, not a name
    return head.ent_type_ in {"ORG", "WORK_OF_ART"}


def _is_piece_noun(token: Token) -> bool:
    """'article', 'column', 'op-ed' (which the tokenizer splits into 'op', '-', 'ed')."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if token.lower_ == "ed" and token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ == "op":
        return True
    return token.lemma_.lower() in lx.PIECE_NOUNS and not _is_legal_article(token)


def _is_legal_article(head: Token) -> bool:
    """'Article 9 of the treaty', 'Article 5': a clause of a text, not a published piece."""
    return head.lower_ == "article" and (head.text[0].isupper() and any(c.like_num for c in head.rights) or head.ent_type_ == "LAW")


def _preps(head: Token) -> list[Token]:
    """Prepositions on a noun and on participles that modify it ('published on the site X')."""
    out = [c for c in head.children if c.dep_ in {"prep", "agent"}]
    for child in head.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            out.extend(c for c in child.children if c.dep_ in {"prep", "agent"})
    return out


def _governing_outlet(ctx: _Context, head: Token) -> Node | None:
    """The outlet that is the subject of the clause a piece sits in ('the Post ... in a piece by Y')."""
    node = head
    for _ in range(6):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            for child in node.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and child.lemma_.lower() not in lx.PIECE_NOUNS:
                    found = _node_for(ctx, child, outlet_role=True)
                    return found if found is not None and found.kind == "outlet" else None
    return None


def _last_piece(ctx: _Context, offset: int, noun: str = "") -> Node | None:
    """The piece 'the article' refers to: the last one named before, preferring one of the same kind ('the column')."""
    before = [p for p in ctx.pieces if p.offset < offset]
    same = [p for p in before if noun and noun not in _GENERIC_PIECES and p.noun == noun]
    chosen = same or before
    return max(chosen, key=lambda p: p.offset).node if chosen else None


def _piece_date(ctx: _Context, node: Node, offset: int) -> str | None:
    dated = [p for p in ctx.pieces if p.offset <= offset and p.node.key == node.key and p.date]
    return max(dated, key=lambda p: p.offset).date if dated else None


# ---------------------------------------------------------------------------
# dates


def _date_in(ctx: _Context, start: int, end: int) -> str | None:
    """A resolved time expression inside [start, end), e.g. 'a November 26 article'."""
    for expression in ctx.annotated.time_expressions:
        if expression.start >= start and expression.end <= end and expression.value and expression.kind in {"date", "relative"}:
            return expression.value
    return None


def _iso(value: str | None) -> str | None:
    """Dates the graph can order: YYYY, YYYY-MM, YYYY-MM-DD; an ISO week becomes its Monday, a season its year."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        return value
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        try:
            return date.fromisocalendar(int(week[1]), int(week[2]), 1).isoformat()
        except ValueError:
            return week[1]
    year = re.match(r"\d{4}", value)
    return year.group(0) if year else None


def _edge_date(ctx: _Context, stated: str | None = None) -> tuple[str | None, str | None]:
    """When a link was made: a date the text gives the piece or statement, else the document's publication (an upper bound).

    A date elsewhere in the sentence is not used: it usually dates the reported event, not the report.
    """
    stated = _iso(stated)
    if stated:
        return stated, "stated"
    if ctx.published:
        return ctx.published, "publication"
    return None, None


# ---------------------------------------------------------------------------
# edges


def _add(
    ctx: _Context,
    source: Node | None,
    target: Node | None,
    relation: str,
    at: Token | None,
    start: int,
    end: int,
    stated_date: str | None = None,
    sentence_index: int | None = None,
) -> None:
    if source is None or target is None or source.key == target.key:
        return
    if target.key in ctx.own_keys and relation in {"cites", "reports", "quotes"} and source.key in ctx.own_keys:
        return  # the document citing itself ('told this newspaper')
    index = sentence_index if sentence_index is not None else (ctx.sentence_at(at.idx) if at is not None else ctx.sentence_at(start))
    if index is not None:
        s_start, s_end = ctx.sentence_span(index)
        if s_end > s_start:
            start, end = min(start, s_start), max(end, s_end)
    date, basis = _edge_date(ctx, stated_date)
    ctx.edges.append(
        CitationEdge(source, target, relation, ctx.doc_id, index, start, end, _shorten(ctx.text[start:end], 400), date, basis)  # type: ignore[arg-type]
    )


# -- pass 1: publication ------------------------------------------------------


@dataclass
class _Credit:
    """Who originally published a republished document, and who republished it."""

    original: Node | None = None
    original_author: Node | None = None
    relation: str = "reprints"
    evidence: tuple[int, int] | None = None
    publisher: Node | None = None
    publisher_evidence: tuple[int, int] | None = None


def _credit_lines(text: str) -> list[tuple[int, int, str]]:
    lines = [(m.start(), m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    chosen = lines[:HEADER_LINES] + lines[-FOOTER_LINES:] if len(lines) > HEADER_LINES else lines
    seen: set[int] = set()
    out = []
    for start, end, line in chosen:
        if start not in seen and len(line) <= MAX_CREDIT_LINE:
            seen.add(start)
            out.append((start, end, line))
    return out


def _find_credit(ctx: _Context) -> _Credit:
    document = ctx.annotated.document
    credit = _Credit()
    own_outlet = _outlet_node(ctx, document.outlet) if document.outlet else None
    translated = False
    source_credit: tuple[Node, Node | None, tuple[int, int]] | None = None
    for start, end, line in _credit_lines(ctx.text):
        if _TRANSLATION_MARK.search(line):
            translated = True
        m = _TRANSLATED_BY.match(line)
        if m:
            translated = True
            ctx.credit_spans.append((start, end))
            who = m["who"]
            if re.search(r"\b(?:website|site|readers|team|editors|newspaper|magazine|agency)\b", who, re.I) or _is_outlet_name(who):
                credit.publisher = _outlet_node(ctx, who)
                credit.publisher_evidence = (start, end)
            continue
        m = _SOURCE_CREDIT.match(line)
        if m and not line.startswith("("):
            author = _author_node(ctx, m["author"]) if m["author"] else None
            ctx.credit_spans.append((start, end))
            if source_credit is None:
                source_credit = (_outlet_node(ctx, m["outlet"]), author, (start, end))
            continue
        m = _FIRST_PUBLISHED.search(line)
        if m:
            name = m["outlet"] or m["outlet2"]
            if m["abbr"]:
                name = f"{name} ({m['abbr']})"
            credit.original = _outlet_node(ctx, name)
            credit.evidence = (start, end)
            ctx.credit_spans.append((start, end))
            continue
        m = _BYLINE.match(line)
        if m and own_outlet is not None:
            named = _outlet_node(ctx, m["outlet"])
            if named.key != own_outlet.key:
                credit.original = credit.original or named
                credit.original_author = _author_node(ctx, m["author"])
                credit.evidence = credit.evidence or (start, end)
                ctx.credit_spans.append((start, end))
    if credit.original is None and source_credit is not None:
        outlet, author, span = source_credit
        if translated or (own_outlet is not None and outlet.key != own_outlet.key):
            credit.original, credit.original_author, credit.evidence = outlet, author, span
    if credit.original is None:
        wire = _wire_dateline(ctx, own_outlet)
        if wire is not None:
            credit.original, credit.evidence = wire
    if translated:
        credit.relation = "translates"
    if credit.original is not None and credit.publisher is None and own_outlet is not None and own_outlet.key != credit.original.key:
        credit.publisher = own_outlet
    return credit


def _wire_dateline(ctx: _Context, own_outlet: Node | None) -> tuple[Node, tuple[int, int]] | None:
    """'VARN, Dec 14 (CPA) - ...' in a paper that is not CPA: a wire story carried as is."""
    for m in re.finditer(r"[^\n]+", ctx.text[:4000]):
        wire = _DATELINE_WIRE.match(m.group(0).strip())
        if wire:
            node = _known_outlet(ctx, wire["wire"]) or _outlet_node(ctx, wire["wire"])
            if own_outlet is None or node.key != own_outlet.key:
                end = m.start() + wire.end()
                return node, (m.start(), end)
            return None
    return None


def _publication_edges(ctx: _Context) -> None:
    document = ctx.annotated.document
    credit = _find_credit(ctx)
    author = _author_node(ctx, document.author) if document.author else None
    own_outlet = _outlet_node(ctx, document.outlet) if document.outlet else None
    doc_node = ctx.doc_node

    def add_meta(source: Node | None, target: Node | None, relation: str, span: tuple[int, int] | None, note: str) -> None:
        if source is None or target is None or source.key == target.key:
            return
        if span is None:
            start, end = _find_mention(ctx.text, note)
        else:
            start, end = span
        index = ctx.sentence_at(start) if end > start else None
        evidence = ctx.text[start:end].strip() if end > start else f"document metadata: {note}"
        date, basis = (ctx.published, "publication") if ctx.published else (None, None)
        ctx.edges.append(CitationEdge(source, target, relation, ctx.doc_id, index, start, end, evidence, date, basis))  # type: ignore[arg-type]

    if credit.original is not None:
        ctx.own_keys.add(credit.original.key)
        add_meta(doc_node, credit.original, credit.relation, credit.evidence, credit.original.name)
        original_author = credit.original_author or (author if credit.relation == "translates" else None)
        add_meta(original_author, credit.original, "writes_for", credit.evidence, credit.original.name)
        add_meta(credit.publisher, doc_node, "publishes", credit.publisher_evidence, credit.publisher.name if credit.publisher else "")
        add_meta(author, doc_node, "publishes", None, author.name if author else "")
        return
    add_meta(own_outlet, doc_node, "publishes", None, own_outlet.name if own_outlet else "")
    add_meta(author, doc_node, "publishes", None, author.name if author else "")
    add_meta(author, own_outlet, "writes_for", None, author.name if author else "")


def _find_mention(text: str, name: str) -> tuple[int, int]:
    """The line in the header or footer that names ``name`` (a byline, a masthead), if any."""
    if not name:
        return 0, 0
    for start, end, line in _credit_lines(text):
        if name.lower() in line.lower() and len(line.split()) <= MAX_CREDIT_WORDS:
            return start, end
    return 0, 0


# -- pass 2: parenthetical credits -------------------------------------------


def _parenthetical_edges(ctx: _Context) -> None:
    for sentence in ctx.annotated.sentences:
        text = sentence.text
        for m in _PAREN_SOURCE.finditer(text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            for part in re.split(r"\s*[/;]\s*|\s+and\s+", m["who"]):
                node = _group_node(ctx, part, outlet_role=True) if part.strip() else None
                if node is not None and node.key not in ctx.own_keys:
                    _add(ctx, ctx.doc_node, node, "cites", None, start, end, sentence_index=sentence.index)
        for m in _PAREN_CITATION.finditer(text):
            who = re.sub(r"^see\s+", "", m["who"], flags=re.I)
            node = _group_node(ctx, who, outlet_role=True)
            if node is None or node.key in ctx.own_keys:
                continue
            start, end = sentence.start + m.start(), sentence.start + m.end()
            _add(ctx, ctx.doc_node, node, "cites", None, start, end, _date_in(ctx, start, end), sentence.index)


# -- pass 3: cues in the parse ------------------------------------------------


def _cue_edges(ctx: _Context) -> None:
    doc = ctx.doc
    for token in doc:
        if ctx.in_quote[token.i] or token.is_space or any(a <= token.idx < b for a, b in ctx.credit_spans):
            continue
        lower = token.lower_
        lemma = token.lemma_.lower()
        if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            _according_to(ctx, token)
        elif token.pos_ in {"VERB", "AUX"} and lemma in lx.REPORT_VERBS | {"reprint", "republish", "translate", "syndicate"}:
            _report(ctx, token, lemma)
        elif token.pos_ == "VERB" and lemma in lx.QUOTE_VERBS | lx.CITE_VERBS:
            _cite(ctx, token, lemma)
        elif token.pos_ == "VERB" and lemma in lx.TELL_VERBS:
            _tell(ctx, token, lemma)
        elif _is_piece_noun(token):
            _piece_mention(ctx, token)
        elif token.pos_ == "NOUN" and lemma in lx.STAFF_NOUNS:
            _staff(ctx, token)


def _subject(token: Token) -> list[Token]:
    """Subjects of a verb, climbing from participles and conjuncts to the clause that has one."""
    current = token
    for _ in range(4):
        found = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if found:
            return found
        if current.dep_ in {"advcl", "xcomp", "conj", "pcomp", "ccomp"} and current.head.i != current.i and current.dep_ != "ccomp":
            current = current.head
            continue
        if current.dep_ in {"acl", "relcl"} and current.head.pos_ in {"NOUN", "PROPN"}:
            return [current.head]
        break
    return []


def _subject_node(ctx: _Context, token: Token, outlet_role: bool) -> Node | None:
    quote = _quote_at(ctx, token.idx)
    if quote is not None:
        node = _speaker_node(ctx, quote)
        if node is not None:
            return node
    subjects = _subject(token)
    subjects += [c for s in subjects for c in s.children if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN"}]
    for subject in subjects:
        node = _node_for(ctx, subject, outlet_role=outlet_role)
        if node is not None:
            return node
    if not subjects or token.tag_ in {"VBG", "VBN"}:
        return _name_before(ctx, token)
    return None


def _name_before(ctx: _Context, token: Token) -> Node | None:
    """'its columnist Piet Oosterhuis, citing ..., wrote': the parser lost the subject; take the name just before."""
    sent_start = token.sent.start
    for i in range(token.i - 1, max(sent_start, token.i - NAME_BEFORE_REACH) - 1, -1):
        candidate = ctx.doc[i]
        if candidate.ent_type_ == "PERSON" or (candidate.pos_ == "PROPN" and normalise_name(candidate.text) in ctx.person_words):
            return _node_for(ctx, candidate)
    return None


def _quote_at(ctx: _Context, offset: int):  # type: ignore[no-untyped-def]
    for quote in ctx.annotated.quotes:
        if quote.cue_start <= offset < max(quote.cue_end, quote.cue_start + 1):
            return quote
    return None


def _according_to(ctx: _Context, token: Token) -> None:
    to = ctx.doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    for obj in objects:
        target = _node_for(ctx, obj, outlet_role=False)
        if target is None:
            continue
        relation = "quotes" if target.kind in {"person", "anonymous"} else "cites"
        _add(ctx, ctx.doc_node, target, relation, token, token.idx, obj.right_edge.idx + len(obj.right_edge.text), _piece_date(ctx, target, obj.idx))


def _report(ctx: _Context, token: Token, lemma: str) -> None:
    """'X reported that', 'as first reported by X', 'this story was first published by X', 'X reprinted it'."""
    agents = [p for p in token.children if p.dep_ == "agent" or (p.dep_ == "prep" and p.lower_ == "by")]
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children) or (token.tag_ == "VBN" and agents)
    reprint = lemma in {"reprint", "republish", "translate", "syndicate"}
    relation = "reprints" if reprint else "reports"
    if passive:
        for agent in agents:
            for obj in (c for c in agent.children if c.dep_ == "pobj"):
                target = _node_for(ctx, obj, outlet_role=True)
                subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
                own_piece = any(s.lemma_.lower() in lx.PIECE_NOUNS and {d.lower_ for d in s.lefts} & {"this", "our"} for s in subjects)
                _add(ctx, ctx.doc_node, target, "reprints" if own_piece or reprint else "reports", token, token.idx, obj.idx + len(obj.text), _piece_date(ctx, target, obj.idx) if target else None)
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in {"in", "on"}):
            for obj in (c for c in prep.children if c.dep_ == "pobj" and _is_piece_noun(c)):
                target = _piece(ctx, obj)
                _add(ctx, ctx.doc_node, target, "reports", token, token.idx, obj.idx + len(obj.text), _piece_date(ctx, target, obj.idx) if target else None)
        return
    source = _subject_node(ctx, token, outlet_role=True)
    if source is None or source.kind == "organisation" and lemma not in {"publish", "reveal", "report"}:
        return
    stated = None
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"in", "on"}]
    for obj in (o for c in token.children if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children):
        preps.append(obj.head)  # 'reported an alleged annex in the Northgate Review' (the parser hangs 'in' on the object)
    for prep in preps:
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if not _is_piece_noun(obj) and source.kind == "person" and _may_name_outlet(ctx, obj) and obj.pos_ == "PROPN":
                outlet = _node_for(ctx, obj, outlet_role=True)
                if outlet is not None and outlet.kind == "outlet":
                    _add(ctx, source, outlet, "writes_for", token, token.idx, obj.idx + len(obj.text))
            if _is_piece_noun(obj):
                outlet = _piece(ctx, obj, subject_outlet=None)
                stated = _date_in(ctx, obj.left_edge.idx, obj.idx + len(obj.text)) or stated
                if outlet is not None and outlet.kind == "outlet" and source.kind == "person":
                    _add(ctx, source, outlet, "writes_for", token, token.idx, obj.idx + len(obj.text))
    if reprint:
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            target = _node_for(ctx, obj, outlet_role=True)
            _add(ctx, source, target, "reprints", token, token.idx, obj.right_edge.idx + len(obj.right_edge.text))
        return
    if source.key in ctx.own_keys:
        return
    stated = stated or _piece_date(ctx, source, token.idx)
    if source.kind == "outlet":
        ctx.pieces.append(_Piece(token.idx, source, stated, "story"))  # 'X carried the claim; Y reprinted that story'
    _add(ctx, ctx.doc_node, source, relation, token, token.idx, token.idx + len(token.text), stated)


def _cite(ctx: _Context, token: Token, lemma: str) -> None:
    """'X quoted Z', 'citing Z', 'X refers to the article by Y', 'sources interviewed by X'."""
    relation = "quotes" if lemma in lx.QUOTE_VERBS else "cites"
    agents = [p for p in token.children if p.dep_ == "agent" or (p.dep_ == "prep" and p.lower_ == "by")]
    if token.tag_ == "VBN" and token.dep_ in {"acl", "relcl"} and agents:
        # 'sources interviewed by Small', 'experts cited by the agency': the agent relies on the noun
        for agent in agents:
            for obj in (c for c in agent.children if c.dep_ == "pobj"):
                citer = _node_for(ctx, obj, outlet_role=True)
                cited = _node_for(ctx, token.head, citer=citer)
                _add(ctx, citer, cited, relation, token, token.head.idx, obj.idx + len(obj.text))
        return
    if token.tag_ == "VBN" and token.dep_ in {"acl", "relcl"}:
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in {"in", "on"}):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                citer = _node_for(ctx, obj, outlet_role=True)
                cited = _node_for(ctx, token.head, citer=citer)
                _add(ctx, citer, cited, relation, token, token.head.idx, obj.idx + len(obj.text))
        return
    source = _subject_node(ctx, token, outlet_role=True)
    if source is None:
        return
    objects = [c for c in token.children if c.dep_ in {"dobj", "attr"}]
    for prep in (c for c in token.children if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "on"}):
        objects.extend(c for c in prep.children if c.dep_ == "pobj")
    for obj in objects:
        target = _node_for(ctx, obj, citer=source, outlet_role=False)
        if target is None:
            continue
        rel = relation if target.kind in {"person", "anonymous"} or relation == "cites" else "cites"
        _add(ctx, source, target, rel, token, min(token.idx, obj.left_edge.idx), obj.right_edge.idx + len(obj.right_edge.text), _piece_date(ctx, target, obj.idx))


def _tell(ctx: _Context, token: Token, lemma: str) -> None:
    """'X told the South China Morning Post', 'X related to Global Times', 'X said in an interview with Y'."""
    audiences: list[Token] = []
    if lemma == "tell":
        audiences = [c for c in token.children if c.dep_ in {"dobj", "dative", "iobj"} and c.pos_ in {"PROPN", "NOUN", "PRON"}]
    for prep in (c for c in token.children if c.dep_ in {"prep", "dative"}):
        if prep.lower_ == "to" and lemma in {"relate", "speak", "talk", "give", "say", "confirm", "explain", "tell"}:
            audiences.extend(c for c in prep.children if c.dep_ == "pobj")
        elif prep.lower_ in {"in", "during"}:
            for obj in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in {"interview", "conversation", "podcast", "programme", "program", "show"}):
                audiences.extend(c for p in obj.children if p.dep_ == "prep" and p.lower_ in {"with", "to", "on"} for c in p.children if c.dep_ == "pobj")
                audiences.extend(c for c in obj.children if c.dep_ == "poss")
        elif prep.lower_ == "on" and lemma in {"say", "tell", "explain"}:
            audiences.extend(c for c in prep.children if c.dep_ == "pobj" and _may_name_outlet(ctx, c))
    if lemma == "give":
        for obj in (c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() == "interview"):
            audiences.extend(c for p in obj.children if p.dep_ == "prep" and p.lower_ in {"to", "with"} for c in p.children if c.dep_ == "pobj")
    if not audiences:
        return
    speaker = _subject_node(ctx, token, outlet_role=False)
    if speaker is None:
        return
    for audience in audiences:
        if audience.lemma_.lower() in lx.GENERIC_AUDIENCES or audience.lower_ in lx.SELF_PRONOUNS:
            continue
        if audience.pos_ == "NOUN" and not audience.lemma_.lower() in lx.OUTLET_NOUNS | lx.PIECE_NOUNS:
            continue
        heard = _node_for(ctx, audience, outlet_role=True)
        if heard is None or heard.kind not in {"outlet", "document"} or heard.key in ctx.own_keys:
            continue
        _add(ctx, heard, speaker, "quotes", token, token.idx, audience.right_edge.idx + len(audience.right_edge.text))


def _staff(ctx: _Context, token: Token) -> None:
    """'its columnist Mira Castellan', 'Anja Roose, a correspondent for the Estmark Gazette': who writes for whom."""
    person_token = None
    if token.dep_ == "appos" and token.head.ent_type_ == "PERSON":
        person_token = token.head
    for child in token.children:
        if child.dep_ in {"appos", "compound"} and child.ent_type_ == "PERSON":
            person_token = child
    if person_token is None:
        return
    outlet: Node | None = None
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in {"for", "at", "of", "with"}):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            found = _node_for(ctx, obj, outlet_role=True)
            if found is not None and found.kind == "outlet":
                outlet = found
    possessor = next((c for c in token.children if c.dep_ == "poss"), None)
    if outlet is None and possessor is not None and possessor.lower_ in {"its", "their"}:
        here = ctx.sentence_at(token.idx)
        earlier = [e.target_node for e in ctx.edges if e.sentence_index == here and e.target_node.kind == "outlet" and e.start <= token.idx]
        outlet = earlier[-1] if earlier else None
    elif outlet is None and possessor is not None:
        found = _node_for(ctx, possessor, outlet_role=True)
        outlet = found if found is not None and found.kind == "outlet" else None
    if outlet is None:
        return
    person = _node_for(ctx, person_token)
    if person is not None and person.kind == "person":
        _add(ctx, person, outlet, "writes_for", token, token.idx, token.idx + len(token.text))


def _piece_mention(ctx: _Context, token: Token) -> None:
    """A named piece in running text ('in a Dec. 2 opinion piece by Robert Wright'): the document cites it."""
    if token.dep_ in {"nsubj", "nsubjpass"} and (
        token.head.lemma_.lower() in lx.REPORT_VERBS | lx.QUOTE_VERBS | lx.CITE_VERBS or _quote_at(ctx, token.head.idx) is not None
    ):
        # the cue handles it; remember the piece for 'the article' and 'it'
        if _piece(ctx, token) is None and {c.lower_ for c in token.lefts if c.dep_ == "det"} & lx.INDEFINITE_DETERMINERS:
            _unnamed_piece(ctx, token)
        return
    determiners = {c.lower_ for c in token.lefts if c.dep_ == "det"}
    named = _piece_details(ctx, token)
    if named == (None, None):
        return  # 'the article' refers back and 'a report' names nobody; a cue decides whether they cite
    node = _piece(ctx, token)
    if node is None or node.key in ctx.own_keys:
        return
    _add(ctx, ctx.doc_node, node, "cites", token, token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text), _piece_date(ctx, node, token.idx))


# -- pass 4: the quotes stage's attributions ---------------------------------


def _speaker_node(ctx: _Context, quote) -> Node | None:  # type: ignore[no-untyped-def]
    """The node for a quote's speaker, reusing what the cue pass found at the same place.

    The quotes stage's type is a first guess: a piece ('a Northgate Review
    column') stands for its outlet, a capitalised surname it took for a plural
    noun is a person, and an unnamed office holder who is named elsewhere in
    the text ('the Northgate Review columnist') is that person.
    """
    mention = quote.speaker
    doc = ctx.doc
    span = doc.char_span(mention.start, max(mention.end, mention.start + 1), alignment_mode="expand")
    if span is not None:
        for token in span:
            if token.i in ctx.anonymous_at:
                return ctx.anonymous_at[token.i]
    kind = mention.type
    canonical = mention.canonical or mention.text
    root = span.root if span is not None else None
    if root is not None and _is_piece_noun(root):
        return _piece(ctx, root) or _unnamed_piece(ctx, root)
    if root is not None and root.pos_ == "PRON" and kind in {"media", "organisation"}:
        found = _pronoun(ctx, root)
        if found is not None:
            return found
    if kind == "anonymous" and span is not None and _names_person(ctx, span):
        kind = "person"  # a surname the parser took for a plural noun ('Matthews')
    if kind == "anonymous" and span is not None and any(t.ent_type_ == "PERSON" for t in span):
        person = next(e for e in ctx.ents if e.label_ == "PERSON" and e.start >= span.start and e.end <= span.end) if any(
            e.label_ == "PERSON" and e.start >= span.start and e.end <= span.end for e in ctx.ents) else None
        if person is not None:
            return _person_node(ctx, _strip_titles(person), person.start_char)  # 'its columnist Mira Castellan, citing an anonymous ...'
    if kind == "anonymous" and root is not None and root.pos_ != "PROPN" and root.lemma_.lower() not in lx.PERSON_NOUNS:
        return None  # 'a country that says ...' is not a source
    if kind == "anonymous" and root is not None and root.pos_ == "PROPN":
        return _group_node(ctx, canonical, outlet_role=False)
    if kind == "person":
        if mention.scope or not mention.scope and not _is_named(ctx, canonical, span):
            named = _person_with_role(ctx, canonical) if mention.scope else None
            if named is not None:
                return named
            if span is not None and _names_person(ctx, span):
                return _person_node(ctx, _strip_titles(span), mention.start)
            if not mention.scope:
                return None  # 'Explainer:' is not a person
            return Node(f"unnamed:{ctx.doc_id}/{slug(canonical)}", canonical, "person")
        return _person_node(ctx, canonical, mention.start)
    if kind == "anonymous":
        lemma = root.lemma_.lower() if root is not None else "source"
        if root is not None:
            found = _anonymous(ctx, root, None)
            if found is not None:
                return found
        return Node(anonymous_key(ctx.anonymous_scope, lemma), _shorten(canonical), "anonymous")
    words = normalise_name(canonical).split()
    if kind == "media" and words and words[-1] in lx.PIECE_NOUNS | lx.OUTLET_NOUNS and not any(w[:1].isupper() for w in canonical.split()):
        return _last_piece(ctx, mention.start, words[-1])
    if mention.scope:
        named = _named_body(ctx, root) if root is not None else None
        if named is not None:
            return named
        if root is None or not _is_body_word(root.lemma_.lower()):
            return None  # 'a country that says ...', 'the documents we have seen': not a source
        return Node(f"unnamed:{ctx.doc_id}/{slug(canonical)}", canonical, "organisation")
    return _group_node(ctx, canonical, outlet_role=kind == "media")


def _is_body_word(lemma: str) -> bool:
    return lemma in lx.NON_OUTLET_WORDS or lemma in lx.OUTLET_NAME_WORDS or lemma in lx.OUTLET_NOUNS


def _named_body(ctx: _Context, head: Token) -> Node | None:
    """'the government of Lutheria', 'the Lutherian defence ministry': a body the text does name."""
    place = [c for c in head.lefts if c.dep_ in {"amod", "compound", "poss"} and (c.ent_type_ in {"NORP", "GPE", "ORG"} or c.pos_ == "PROPN")]
    place += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj" and (o.ent_type_ in {"GPE", "ORG", "NORP"} or o.pos_ == "PROPN")]
    if not place:
        return None
    first = min([head.left_edge.i] + [t.left_edge.i for t in place])
    last = max([head.i] + [t.right_edge.i for t in place])
    while first < last and (ctx.doc[first].dep_ == "det" or ctx.doc[first].is_punct):
        first += 1
    name = _span_text(ctx.doc, first, last + 1)
    return _group_node(ctx, name, outlet_role=False) if name else None


def _is_named(ctx: _Context, canonical: str, span: Span | None) -> bool:
    """A real name: a PERSON entity, a name the document gives a person, or two capitalised words."""
    words = canonical.split()
    if span is not None and any(t.ent_type_ == "PERSON" for t in span):
        return True
    if set(normalise_name(canonical).split()) <= ctx.person_words:
        return True
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _person_with_role(ctx: _Context, role: str) -> Node | None:
    """'the Northgate Review columnist' when the text named 'Piet Oosterhuis, the Northgate Review columnist'."""
    wanted = set(normalise_name(role).split())
    matches = {p.name for p in ctx.people.people if p.role and wanted and wanted <= set(normalise_name(p.role).split())}
    if not matches:
        # 'Piet Oosterhuis, the Northgate Review columnist who ...' when the parse gave him no role
        pattern = re.compile(r"\s*,\s*(?:the|a|an|its|their)?\s*" + re.escape(role.strip()), re.I)
        matches = {_strip_titles(e) for e in ctx.ents if e.label_ == "PERSON" and pattern.match(ctx.text, e.end_char)}
    if len(matches) == 1:
        name = matches.pop()
        person = ctx.people.person_for(tuple(normalise_name(name).split()), len(ctx.text))
        full = person.name if person is not None else name
        return Node(person_key(full), full, "person")
    return None


def _unnamed_piece(ctx: _Context, head: Token) -> Node:
    """'A newspaper column says ...': a piece the text does not name; named if the next sentences name it."""
    for existing in ctx.pieces:
        if existing.offset == head.idx:
            return existing.node
    here = ctx.sentence_at(head.idx) or 0
    named = [
        ent for ent in ctx.ents
        if ent.start_char > head.idx and here < (ctx.sentence_at(ent.start_char) or 0) <= here + CATAPHORA_REACH
        and ent.label_ in {"ORG", "WORK_OF_ART"} and _is_outlet_name(ent.text)
    ]
    if named:
        node = _outlet_node(ctx, named[0].text)  # 'a newspaper column said X. As first reported by the Northgate Review, ...'
    else:
        described = _shorten(ctx.text[head.left_edge.idx : head.idx + len(head.text)])
        node = Node(f"unnamed:{ctx.doc_id}/{slug(head.lemma_)}", described, "document")
    ctx.pieces.append(_Piece(head.idx, node, _piece_own_date(ctx, head), head.lemma_.lower()))
    return node


def _names_person(ctx: _Context, span: Span) -> bool:
    words = [t for t in span if not t.is_punct and t.pos_ != "DET"]
    return bool(words) and all(t.text[:1].isupper() for t in words) and {normalise_name(t.text) for t in words} <= ctx.person_words


def _statement_date(quote, when) -> str | None:  # type: ignore[no-untyped-def]
    """The date the time stage gives a quote, unless it comes from inside the quoted content (an event date)."""
    if when is None or getattr(when, "basis", "") != "stated in text" or not getattr(when, "value", None):
        return None
    at = getattr(when, "expression_start", None)
    if at is not None and quote.content_start <= at < quote.content_end:
        return None
    return when.value


def _is_headline_label(ctx: _Context, quote) -> bool:  # type: ignore[no-untyped-def]
    """'Explainer: what would ...' -- a title's label before a colon, not a speaker."""
    if quote.cue.strip() != ":":
        return False
    title = (ctx.annotated.document.title or "").strip()
    sentence = ctx.annotated.sentences[quote.sentence_index].text if quote.sentence_index < len(ctx.annotated.sentences) else ""
    return quote.sentence_index == 0 or (bool(title) and sentence.strip().startswith(title[:40]))


def _quote_edges(ctx: _Context) -> None:
    dates = ctx.annotated.quote_dates or [None] * len(ctx.annotated.quotes)
    for quote, when in zip(ctx.annotated.quotes, dates):
        if _is_headline_label(ctx, quote):
            continue
        speaker = _speaker_node(ctx, quote)
        if speaker is None or speaker.key in ctx.own_keys:
            continue
        stated = _statement_date(quote, when)
        cue = quote.cue.lower()
        if speaker.kind in {"outlet", "document"} or cue in {"report", "reported", "reports", "write", "wrote", "publish", "reveal"}:
            relation = "reports"
        elif cue == "according to" and speaker.kind == "organisation":
            relation = "cites"
        else:
            relation = "quotes"
        start = min(quote.cue_start, quote.content_start, quote.speaker.start)
        end = max(quote.cue_end, quote.content_end, quote.speaker.end)
        _add(ctx, ctx.doc_node, speaker, relation, None, start, end, _piece_date(ctx, speaker, quote.cue_start) or stated, quote.sentence_index)


# -- pass 5: relays -----------------------------------------------------------


def _relay_edges(ctx: _Context) -> None:
    """When a sentence says X cites Z, the document cites X, and not Z directly."""
    voice = ctx.doc_node.key
    by_sentence: dict[int | None, list[CitationEdge]] = {}
    for edge in ctx.edges:
        by_sentence.setdefault(edge.sentence_index, []).append(edge)
    kept: list[CitationEdge] = []
    for index, edges in by_sentence.items():
        relayed = {e.target_node.key for e in edges if e.is_citation and e.source_node.key != voice}
        cited_by_voice = {e.target_node.key for e in edges if e.source_node.key == voice}
        for edge in edges:
            if index is not None and edge.source_node.key == voice and edge.target_node.key in relayed and edge.relation != "reprints":
                continue  # 'Yan told the Morning Post': the document relays the Post, not Yan directly
            kept.append(edge)
        for edge in edges:
            source = edge.source_node
            if index is None or not edge.is_citation or source.key == voice or source.key in cited_by_voice or source.key in ctx.own_keys:
                continue
            cited_by_voice.add(source.key)
            kept.append(
                CitationEdge(ctx.doc_node, source, "cites", ctx.doc_id, index, edge.start, edge.end, edge.evidence_text, edge.date, edge.date_basis)
            )
    ctx.edges = kept


def _deduplicate(ctx: _Context) -> list[CitationEdge]:
    """One edge per (source, target, sentence): the most specific relation, the best date."""
    best: dict[tuple[str, str, int | None], CitationEdge] = {}
    order: list[tuple[str, str, int | None]] = []
    for edge in ctx.edges:
        key = (edge.source_node.key, edge.target_node.key, edge.sentence_index)
        current = best.get(key)
        if current is None:
            best[key] = edge
            order.append(key)
            continue
        if RELATION_PRIORITY[edge.relation] < RELATION_PRIORITY[current.relation]:
            edge.date, edge.date_basis = _better_date(edge, current)
            best[key] = edge
        else:
            current.date, current.date_basis = _better_date(current, edge)
    return [best[k] for k in order]


def _better_date(a: CitationEdge, b: CitationEdge) -> tuple[str | None, str | None]:
    if a.date_basis == "stated" or b.date_basis != "stated":
        return a.date, a.date_basis
    return b.date, b.date_basis


__all__ = ["extract_citations"]
