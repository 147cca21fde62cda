"""Pure functions that turn records into what a template draws.

Templates only loop and print; anything with a rule in it (which words to
highlight, how annotations split a sentence, which links are safe) lives
here, where it can be tested without a browser. Untrusted text stays plain
text: it is split into pieces and the template escapes each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were will with".split()
)
SAFE_URL_SCHEMES = frozenset({"http", "https"})
STANCE_CLASSES = {"supports": "supports", "refutes": "refutes"}
VERDICT_CLASSES = {"Supported": "supported", "Refuted": "refuted", "Conflicting": "conflicting"}


# -- small filters -----------------------------------------------------------
# Embeddings, overrides and isolates (and the marks) reorder the text around them: a right-to-left
# override in a title would reverse the outlet and date printed beside it. Printed text keeps none.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi(value: str) -> str:
    """``value`` without bidirectional control characters (right-to-left letters stay)."""
    return value.translate(_BIDI_TABLE)


def date_label(value: str | None, source: str | None = None) -> str:
    """A date as a reader should take it: estimated dates say so, unknown ones too."""
    if not value or source == "unknown":
        return "date unknown"
    return f"~{value} (estimated)" if source == "estimated" else value


def safe_href(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None: never a javascript:, data: or relative link."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 0x21 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_URL_SCHEMES or not parts.netloc:
        return None
    return url


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def stance_class(stance: str | None) -> str:
    return STANCE_CLASSES.get(stance or "", "neutral")


def verdict_class(label: str | None) -> str:
    return VERDICT_CLASSES.get(label or "", "not-enough")


def doc_link(doc_id: str, sentence_index: int | None = None) -> str:
    """Link into the document page, at a sentence when given."""
    href = f"/documents/{quote(str(doc_id), safe='')}"
    return href if sentence_index is None else f"{href}#s-{int(sentence_index)}"


def speaker_link(speaker_id: str | None) -> str | None:
    return None if not speaker_id else f"/speakers/{quote(speaker_id, safe='')}"


# -- search highlighting -----------------------------------------------------
@dataclass(frozen=True)
class Piece:
    text: str
    mark: bool = False


def query_terms(query: str) -> list[str]:
    """The words a search looks for, as the index sees them (lower case, stop words dropped)."""
    words = [w for w in _WORD.findall(query.lower()) if w not in _STOPWORDS]
    return list(dict.fromkeys(words or _WORD.findall(query.lower())))


# Inflection endings stripped (one, the longest that fits) before two words are compared: 'ies'/'ied' read as 'y'.
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", ""))


def _stem(word: str) -> str:
    """A word without its inflection ending ('statues', 'statue' -> 'statu'; 'denied' -> 'deny'), at
    least three letters kept; 'ss' keeps its 's' ('pass')."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (suffix == "s" and word.endswith("ss")):
            return word[: -len(suffix)] + replacement
    return word


def _matches(word: str, terms: list[str]) -> bool:
    """Whole-word match, loosened to inflections of the same word ('denied' for 'deny', 'statues' for
    'statue'), never to another word that shares a prefix ('State' for 'statue', 'impact' for 'pact')."""
    low = word.lower()
    return any(low == term or _stem(low) == _stem(term) for term in terms)


def highlight(text: str, query: str) -> list[Piece]:
    """Split ``text`` into plain and marked pieces for the words of ``query``."""
    terms = query_terms(query)
    pieces: list[Piece] = []
    last = 0
    for m in _WORD.finditer(text):
        if _matches(m.group(), terms):
            if m.start() > last:
                pieces.append(Piece(text[last : m.start()]))
            pieces.append(Piece(m.group(), True))
            last = m.end()
    if last < len(text):
        pieces.append(Piece(text[last:]))
    return pieces


# -- the annotated document ----------------------------------------------------
@dataclass(frozen=True)
class Layer:
    """One annotation span: which layer it belongs to, a tooltip, and where it links."""

    start: int
    end: int
    kind: str  # quote | speaker | cue | time | entity (a fixed set: used as CSS classes)
    title: str
    href: str | None = None


@dataclass
class Segment:
    text: str
    kinds: tuple[str, ...] = ()
    title: str = ""
    href: str | None = None

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


@dataclass
class SentenceView:
    index: int
    segments: list[Segment]


@dataclass
class ParagraphView:
    sentences: list[SentenceView] = field(default_factory=list)


LAYER_KINDS = ("quote", "speaker", "cue", "time", "entity")


def annotation_layers(annotations: dict[str, list[dict[str, Any]]], sentences: list[Any]) -> list[Layer]:
    """Quote, speaker, cue, date and entity spans of a document, as tooltipped layers."""
    layers: list[Layer] = []
    for q in annotations.get("quotes", []):
        who = q.get("speaker") or "unknown speaker"
        when = f", said {q['said_on']}" if q.get("said_on") else ""
        layers.append(Layer(q["start"], q["end"], "quote", f"{q.get('kind', 'quote')} quote by {who}{when}"))
        if q.get("speaker_end", 0) > q.get("speaker_start", 0):
            layers.append(Layer(q["speaker_start"], q["speaker_end"], "speaker", f"speaker: {who}",
                                speaker_link(q.get("speaker_id"))))
        if q.get("cue_end", 0) > q.get("cue_start", 0):
            layers.append(Layer(q["cue_start"], q["cue_end"], "cue", "reporting verb"))
    for t in annotations.get("time_expressions", []):
        value = t.get("value") or "unresolved"
        extra = " (relative to an estimated date)" if t.get("estimated_base") else ""
        layers.append(Layer(t["start"], t["end"], "time", f"date: {value}{extra}"))
    for s in sentences:
        for e in s.entities:
            layers.append(Layer(e["start"], e["end"], "entity", f"entity: {e['label']}"))
    return layers


def split_sentence(text: str, start: int, end: int, layers: list[Layer]) -> list[Segment]:
    """Cut ``text[start:end]`` at every layer boundary; each piece knows which layers cover it."""
    inside = [layer for layer in layers if layer.start < end and layer.end > start and layer.end > layer.start]
    cuts = sorted({start, end, *(max(start, l.start) for l in inside), *(min(end, l.end) for l in inside)})
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [l for l in inside if l.start <= a and l.end >= b]
        kinds = tuple(k for k in LAYER_KINDS if any(l.kind == k for l in covering))
        title = "; ".join(dict.fromkeys(l.title for l in covering))
        href = next((l.href for l in covering if l.href), None)
        segments.append(Segment(text[a:b], kinds, title, href))
    return segments


def document_paragraphs(text: str, sentences: list[Any], layers: list[Layer]) -> list[ParagraphView]:
    """The repaired text as paragraphs of sentences of highlighted segments."""
    paragraphs: list[ParagraphView] = []
    current = None
    for s in sentences:
        if current is None or s.paragraph != current[0]:
            current = (s.paragraph, ParagraphView())
            paragraphs.append(current[1])
        current[1].sentences.append(SentenceView(s.index, split_sentence(text, s.start, s.end, layers)))
    return paragraphs


# -- search facets -------------------------------------------------------------
@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    key: str = ""  # what the filter link sends (a speaker id), when it differs from the label


def hit_year(hit: Any) -> str | None:
    published = hit.document.published
    return published[:4] if published else None


def hit_speaker(hit: Any, attributions: dict[int, dict[str, Any]]) -> tuple[str | None, str | None]:
    entry = attributions.get(hit.sentence.id, {})
    return entry.get("speaker"), entry.get("speaker_id")


def facet_counts(hits: list[Any], attributions: dict[int, dict[str, Any]]) -> dict[str, list[FacetValue]]:
    """How many hits fall under each outlet, speaker and year: the filters a user can click.

    Speakers are counted by the name a reader sees: three unnamed "governments"
    in three articles are one line, and filtering by that name finds all three.
    """
    outlets: dict[str, int] = {}
    years: dict[str, int] = {}
    speakers: dict[str, int] = {}
    for h in hits:
        outlet = h.document.outlet or "unknown outlet"
        outlets[outlet] = outlets.get(outlet, 0) + 1
        year = hit_year(h) or "undated"
        years[year] = years.get(year, 0) + 1
        name, _ = hit_speaker(h, attributions)
        if name:
            speakers[name] = speakers.get(name, 0) + 1
    by_count = lambda counts: sorted((FacetValue(k, v, k) for k, v in counts.items()), key=lambda f: (-f.count, f.value))  # noqa: E731
    return {
        "outlet": by_count(outlets),
        "speaker": by_count(speakers),
        "year": sorted((FacetValue(k, v, k) for k, v in years.items()), key=lambda f: f.value),
    }


def filter_hits(hits: list[Any], attributions: dict[int, dict[str, Any]], outlet: str | None = None,
                speaker: str | None = None, year: str | None = None) -> list[Any]:
    """Hits under the chosen facet values (outlet name, speaker id or name, year or 'undated')."""
    out = []
    for h in hits:
        if outlet and (h.document.outlet or "unknown outlet") != outlet:
            continue
        if year and (hit_year(h) or "undated") != year:
            continue
        if speaker:
            name, sid = hit_speaker(h, attributions)
            if speaker not in {sid, name}:
                continue
        out.append(h)
    return out


# -- the corpus table ----------------------------------------------------------
def filter_documents(documents: list[Any], outlet: str | None = None, year: str | None = None,
                     text: str | None = None) -> list[Any]:
    """Documents by outlet, publication year ('undated' for none) and words in title or author."""
    words = [w for w in _WORD.findall((text or "").lower())]
    out = []
    for d in documents:
        if outlet and (d.outlet or "unknown outlet") != outlet:
            continue
        if year and ((d.published or "")[:4] or "undated") != year:
            continue
        haystack = f"{d.title or ''} {d.author or ''} {d.outlet or ''}".lower()
        if words and not all(w in haystack for w in words):
            continue
        out.append(d)
    return out


def query_url(base: str, **params: str | None) -> str:
    """``base?k=v&...`` with empty values dropped and everything percent-encoded."""
    from urllib.parse import urlencode

    kept = [(k.rstrip("_"), v) for k, v in params.items() if v]
    return base + ("?" + urlencode(kept) if kept else "")


@dataclass(frozen=True)
class ChainView:
    href: str
    names: tuple[str, ...]  # the evidence document first, then each source it leads back to


def provenance_chains(trace: Any, limit: int = 40) -> list[ChainView]:
    """Distinct chains of a provenance trace, as a reader follows them: document → ... → origin."""
    seen: set[tuple[str, ...]] = set()
    out: list[ChainView] = []
    for chain in trace.chains:
        names = tuple(trace.nodes[key].name if key in trace.nodes else key for key in chain.nodes)
        if names in seen:
            continue
        seen.add(names)
        out.append(ChainView(doc_link(chain.evidence.doc_id, chain.evidence.sentence_index), names))
        if len(out) == limit:
            break
    return out


# -- the check page ---------------------------------------------------------------
def explanation_rest(explanation: str, claim: str, reasons: list[str]) -> str:
    """The explanation without what the verdict card already shows: the verdict line and the reasons.

    ``verify.verdict.explain`` writes "Verdict: X (confidence c) for the claim “...”." first and the
    reasons last; the card prints the label, confidence, claim and reasons itself, so only the
    citations in between are left ("For it: ...; Against it: ...").
    """
    rest = explanation.strip()
    if rest.startswith("Verdict:"):
        quoted = f"\u201c{claim}\u201d"
        end = rest.find(quoted)
        rest = rest[end + len(quoted):].lstrip(". ") if end >= 0 else rest
    for reason in reversed(reasons):
        if reason and rest.endswith(reason):
            rest = rest[: -len(reason)].rstrip()
    return rest


@dataclass
class EvidenceGroup:
    """One story as a card: the strongest item, and the reprints and echoes of it with their outlets."""

    lead: Any
    copies: list[Any] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(e.outlet or "unknown outlet" for e in [self.lead, *self.copies]))


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def near_same(a: str, b: str, threshold: float = 0.6) -> bool:
    """Whether two sentences are one text, copied with small edits (word 3-gram Jaccard >= threshold)."""
    sa, sb = _shingles(a), _shingles(b)
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= threshold


def group_evidence(items: list[Any]) -> list[EvidenceGroup]:
    """Collapse reprints and wire copies: items with the same or near-same text, or one independent source.

    Order is kept (the first item of a group is its lead, as the check ranked it); the Evidence
    records themselves are not changed.
    """
    groups: list[EvidenceGroup] = []
    for e in items:
        source = getattr(e, "independent_source", "") or ""
        for g in groups:
            lead_source = getattr(g.lead, "independent_source", "") or ""
            if (source and source == lead_source) or any(near_same(e.text, x.text) for x in [g.lead, *g.copies]):
                g.copies.append(e)
                break
        else:
            groups.append(EvidenceGroup(e))
    return groups


# -- tables: sorting and pages ---------------------------------------------------------
@dataclass(frozen=True)
class PageView:
    """One page of a long list: which items, and the links to the pages around it."""

    items: list[Any]
    number: int  # 1-based
    count: int  # pages in all
    total: int
    first_index: int  # 0-based index of items[0] in the whole list

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def paginate(items: list[Any], page: int | None, size: int) -> PageView:
    """Page ``page`` (1-based, clamped to what exists) of ``items``, ``size`` a page."""
    count = max(1, -(-len(items) // size))
    number = min(max(1, page or 1), count)
    start = (number - 1) * size
    return PageView(items[start : start + size], number, count, len(items), start)


def sort_rows(rows: list[Any], keys: dict[str, Any], sort: str | None, descending: bool) -> list[Any]:
    """``rows`` ordered by the named column's key function; empty values always last."""
    key = keys.get(sort or "")
    if key is None:
        return rows
    present = [r for r in rows if key(r) not in (None, "")]
    missing = [r for r in rows if key(r) in (None, "")]

    def folded(row: Any) -> Any:
        value = key(row)
        return value.casefold() if isinstance(value, str) else value

    return sorted(present, key=folded, reverse=descending) + missing


def with_params(base: str, params: dict[str, Any], **changes: Any) -> str:
    """``base`` with ``params`` and ``changes`` as its query (a page number, a sort): empty values dropped."""
    merged = {**params, **changes}
    return query_url(base, **{k: (None if v in (None, "") else str(v)) for k, v in merged.items()})


def sort_link(base: str, params: dict[str, Any], column: str, sort: str, order: str) -> tuple[str, str]:
    """Where a column header links (ascending first, then flip) and its aria-sort state."""
    if sort == column:
        flipped = "asc" if order == "desc" else "desc"
        state = "descending" if order == "desc" else "ascending"
        return with_params(base, params, sort=column, order=flipped, page=None), state
    return with_params(base, params, sort=column, order="asc", page=None), "none"
