"""The citation graph across the corpus, and the trace of one claim through it.

``ProvenanceGraph`` merges the edges every document yielded into one
graph, joining identities the documents could not join alone
('CPA' and 'Continental Press Agency', 'Matthews' and 'Owen Matthews').

``trace_claim`` starts from the sentences that carry a claim (the claim
check's evidence) and walks citation edges back to where the claim came
from. It only follows links that carry this claim: from a document, the
links in its evidence sentences (or, for a sentence in the article's own
voice, the links in its other evidence sentences of the same stance, and
whatever it reprints); from a person or outlet, the links found near
evidence sentences, the evidence documents it published, and what its
writers cite. The ends of the walk are the origins; evidence whose origins
meet is one independent source, so five outlets echoing one anonymous source
count once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrace.provenance.model import CitationEdge, Node
from claimtrace.provenance.names import document_key, key_slug

if TYPE_CHECKING:
    import networkx as nx

    from claimtrace.verify.verdict import Evidence

CONTEXT_WINDOW = 3  # sentences around an evidence sentence whose links carry the same claim
MAX_PATHS = 64  # chains kept per evidence sentence
MAX_DEPTH = 12  # longest chain followed (a guard against pathological graphs)
ANONYMOUS_POOL = "anonymous source(s)"  # the verdict's key for sources it cannot tell apart
_KIND_ORDER = {"person": 0, "organisation": 1, "outlet": 2, "document": 3, "anonymous": 4}


@dataclass(frozen=True)
class EvidenceRef:
    """A sentence that carries the claim; ``sentence_index`` None means the whole document.

    ``stance`` (supports / refutes / neutral) keeps an article's supporting
    sentences from inheriting the sources of its refuting ones; None: unknown.
    """

    doc_id: str
    sentence_index: int | None = None
    stance: str | None = None
    # The sentence passes on others' statements, none of them the claim ("shares rose after X reported
    # that <another story>"): its citations carry that other story, not the claim.
    relays_other: bool = False
    # It passes on the claim itself ("a column claimed that P"), whatever it says of it: it reports the claim.
    relays_claim: bool = False


@dataclass
class Chain:
    """One path from an evidence sentence's document back to an origin."""

    evidence: EvidenceRef
    edges: list[CitationEdge]
    origin: str

    @property
    def nodes(self) -> list[str]:
        """Keys along the chain, from the evidence document to the origin."""
        keys = [document_key(self.evidence.doc_id)]
        for edge in self.edges:
            keys.append(edge.source_node.key if edge.relation == "writes_for" and edge.target_node.key == keys[-1] else edge.target_node.key)
        return keys


@dataclass
class Origin:
    """Where a claim came from, as far as the corpus shows; ``date`` is the earliest the trace can place it."""

    node: Node
    date: str | None
    evidence: list[EvidenceRef] = field(default_factory=list)


@dataclass
class IndependentSource:
    """Origins whose evidence overlaps count as one source; ``key`` is what the verdict pools by."""

    key: str
    name: str
    origins: list[str]
    evidence: list[EvidenceRef] = field(default_factory=list)
    anonymous: bool = False


@dataclass
class Trace:
    """The chains that carry a claim, its origins (earliest first) and its independent sources."""

    claim: str | None
    evidence: list[EvidenceRef]
    chains: list[Chain]
    origins: list[Origin]
    sources: list[IndependentSource]
    nodes: dict[str, Node]
    edges: list[CitationEdge]
    node_dates: dict[str, str | None] = field(default_factory=dict)

    @property
    def independent_count(self) -> int:
        return len(self.sources)

    def count_by_stance(self) -> dict[str, int]:
        """Independent sources behind each stance ('unknown' when the evidence carries none)."""
        out: dict[str, int] = {}
        for stance in sorted({e.stance or "unknown" for e in self.evidence}):
            out[stance] = sum(1 for s in self.sources if any((e.stance or "unknown") == stance for e in s.evidence))
        return out

    def carrying_sources(self) -> list[IndependentSource]:
        """Sources that put the claim forward (support it or report it), as against only refuting it.

        This is the count a fact-checker asks for: how many independent
        sources does the claim itself rest on.
        """
        return [s for s in self.sources if any(e.stance in {"supports", "neutral", None} or e.relays_claim for e in s.evidence)]

    def source_of(self, ref: EvidenceRef) -> IndependentSource | None:
        return next((s for s in self.sources if ref in s.evidence), None)


# ---------------------------------------------------------------------------
# the graph


class ProvenanceGraph:
    """Every citation edge in the corpus, identities merged, indexed by node both ways.

    Plain dicts rather than networkx: a claim check only asks for a node's in- and out-edges, and
    importing networkx costs a cold check about 0.15 s; ``to_networkx`` builds the graph on demand."""

    def __init__(self, edges: Iterable[CitationEdge]):
        raw = list(edges)
        self.canonical = _identity_map(raw)
        self.nodes: dict[str, Node] = {}
        self.edges: list[CitationEdge] = []
        names: dict[str, list[str]] = {}
        for edge in raw:
            merged = CitationEdge(
                self._node(edge.source_node, names), self._node(edge.target_node, names), edge.relation, edge.doc_id,
                edge.sentence_index, edge.start, edge.end, edge.evidence_text, edge.date, edge.date_basis,
            )
            if merged.source_node.key != merged.target_node.key:
                self.edges.append(merged)
        for key, written in names.items():
            node = self.nodes[key]
            self.nodes[key] = Node(key, _display_name(written, node.kind), node.kind, node.date)
        self.edges = [
            CitationEdge(self.nodes[e.source_node.key], self.nodes[e.target_node.key], e.relation, e.doc_id, e.sentence_index,
                         e.start, e.end, e.evidence_text, e.date, e.date_basis)
            for e in self.edges
        ]
        # node -> neighbour -> edges, in insertion order: the order networkx's MultiDiGraph gave them in.
        self._out: dict[str, dict[str, list[CitationEdge]]] = {key: {} for key in self.nodes}
        self._in: dict[str, dict[str, list[CitationEdge]]] = {key: {} for key in self.nodes}
        for edge in self.edges:
            source, target = edge.source_node.key, edge.target_node.key
            self._out[source].setdefault(target, []).append(edge)
            self._in[target].setdefault(source, []).append(edge)
        self._by_sentence: dict[tuple[str, int | None], list[CitationEdge]] = {}
        self._by_doc: dict[str, list[CitationEdge]] = {}
        for edge in self.edges:
            self._by_sentence.setdefault((edge.doc_id, edge.sentence_index), []).append(edge)
            self._by_doc.setdefault(edge.doc_id, []).append(edge)

    def _node(self, node: Node, names: dict[str, list[str]]) -> Node:
        key = self.canonical.get(node.key, node.key)
        kind = node.kind
        if key.startswith("outlet:"):
            kind = "outlet"
        current = self.nodes.get(key)
        date = node.date or (current.date if current else None)
        merged = Node(key, node.name, kind if current is None or current.kind != "outlet" else "outlet", date)
        self.nodes[key] = merged
        names.setdefault(key, []).append(node.name)
        return merged

    def key_for(self, key: str) -> str:
        return self.canonical.get(key, key)

    def node(self, key: str) -> Node | None:
        return self.nodes.get(self.key_for(key))

    def out_edges(self, key: str) -> list[CitationEdge]:
        return [edge for edges in self._out.get(self.key_for(key), {}).values() for edge in edges]

    def in_edges(self, key: str) -> list[CitationEdge]:
        return [edge for edges in self._in.get(self.key_for(key), {}).values() for edge in edges]

    def edges_in_sentence(self, doc_id: str, sentence_index: int | None) -> list[CitationEdge]:
        return list(self._by_sentence.get((doc_id, sentence_index), []))

    def edges_in_document(self, doc_id: str) -> list[CitationEdge]:
        return list(self._by_doc.get(doc_id, []))

    def documents_of(self, key: str) -> list[tuple[CitationEdge, str]]:
        """Documents an outlet or person published, with the edge that says so."""
        return [(e, e.target_node.key) for e in self.out_edges(key) if e.relation == "publishes" and e.target_node.kind == "document"]

    def writers_of(self, key: str) -> list[CitationEdge]:
        """'X writes for this outlet' edges: an outlet speaks through its columnists."""
        return [e for e in self.in_edges(key) if e.relation == "writes_for"]

    def publishers_of(self, doc_key: str) -> list[str]:
        return [e.source_node.key for e in self.in_edges(doc_key) if e.relation == "publishes" and e.source_node.kind == "outlet"]

    def to_networkx(self) -> "nx.MultiDiGraph":
        """The graph as a networkx MultiDiGraph (nodes carry ``node``, edges ``edge``), for drawing and analysis."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for key, node in self.nodes.items():
            graph.add_node(key, node=node)
        for i, edge in enumerate(self.edges):
            graph.add_edge(edge.source_node.key, edge.target_node.key, key=i, edge=edge)
        return graph


def _identity_map(edges: list[CitationEdge]) -> dict[str, str]:
    """Keys that name the same source: org/outlet twins, acronyms, surname-only people, their anonymous sources."""
    keys: dict[str, Node] = {}
    for edge in edges:
        keys.setdefault(edge.source_node.key, edge.source_node)
        keys.setdefault(edge.target_node.key, edge.target_node)
    mapping: dict[str, str] = {}
    outlets = {key_slug(k): k for k in keys if k.startswith("outlet:")}
    for key in keys:
        if key.startswith("org:") and key_slug(key) in outlets:
            mapping[key] = outlets[key_slug(key)]  # named as an outlet anywhere: an outlet everywhere
    acronyms: dict[str, list[str]] = {}
    for slug, key in outlets.items():
        words = slug.split("-")
        if len(words) >= 2:
            acronyms.setdefault("".join(w[0] for w in words if w not in {"of", "the", "and", "for"}), []).append(key)
    for slug, key in outlets.items():
        if "-" not in slug and len(acronyms.get(slug, [])) == 1:
            mapping[key] = acronyms[slug][0]
    people = [k for k in keys if k.startswith("person:")]
    full = [k for k in people if "-" in key_slug(k)]
    for key in people:
        slug = key_slug(key)
        if "-" in slug:
            continue
        matches = [k for k in full if key_slug(k).split("-")[-1] == slug]
        if len(matches) == 1:
            mapping[key] = matches[0]
    for key in keys:
        if key.startswith("anonymous:") and "/" in key:
            scope, head = key[len("anonymous:"):].rsplit("/", 1)
            if scope in mapping:
                mapping[key] = f"anonymous:{mapping[scope]}/{head}"
    return mapping


def _display_name(written: list[str], kind: str) -> str:
    """The best way the corpus writes a name: capitalised, then the most frequent, then the longest."""
    if kind == "anonymous":
        return written[0]
    counts: dict[str, int] = {}
    for name in written:
        counts[name] = counts.get(name, 0) + 1
    best = max(counts, key=lambda n: (any(ch.isupper() for ch in n), counts[n], len(n)))
    if not any(ch.isupper() for ch in best) and kind in {"outlet", "organisation", "person"}:
        best = " ".join(w[:1].upper() + w[1:] for w in best.split())
    return best


# ---------------------------------------------------------------------------
# tracing a claim


@dataclass
class _Scope:
    """Which sentences carry the claim, per document, with their stance."""

    sentences: dict[str, dict[int, str | None] | None]
    relaying_other: set[tuple[str, int]] = field(default_factory=set)  # (doc, sentence): EvidenceRef.relays_other

    @classmethod
    def of(cls, evidence: Sequence[EvidenceRef]) -> _Scope:
        sentences: dict[str, dict[int, str | None] | None] = {}
        for ref in evidence:
            if ref.sentence_index is None:
                sentences[ref.doc_id] = None
            elif ref.doc_id not in sentences or sentences[ref.doc_id] is not None:
                sentences.setdefault(ref.doc_id, {})[ref.sentence_index] = ref.stance  # type: ignore[index]
        other = {(r.doc_id, r.sentence_index) for r in evidence if r.relays_other and r.sentence_index is not None}
        return cls(sentences, other)  # type: ignore[arg-type]

    def about_other_story(self, edge: CitationEdge) -> bool:
        """A link in a sentence that passes on only statements other than the claim."""
        return edge.sentence_index is not None and (edge.doc_id, edge.sentence_index) in self.relaying_other

    def covers(self, edge: CitationEdge) -> bool:
        """A link found near a sentence that carries the claim (or anywhere in a whole-document piece of evidence)."""
        if edge.doc_id not in self.sentences or self.about_other_story(edge):
            return False
        chosen = self.sentences[edge.doc_id]
        if chosen is None or edge.sentence_index is None:
            return True
        return any(abs(edge.sentence_index - s) <= CONTEXT_WINDOW for s in chosen if (edge.doc_id, s) not in self.relaying_other)

    def same_stance_sentences(self, doc_id: str, stance: str | None) -> set[int] | None:
        """The document's claim-carrying sentences a sentence of ``stance`` can have got the claim from (None: all of it).

        A sentence that passes on only another story carries the claim in the article's own word: it is no
        anchor for the article's nearby citations.
        """
        chosen = self.sentences.get(doc_id, {})
        if chosen is None:
            return None
        return {s for s, st in chosen.items() if _compatible(stance, st) and (doc_id, s) not in self.relaying_other}


def _compatible(a: str | None, b: str | None) -> bool:
    """Whether a sentence of stance ``b`` can be where a sentence of stance ``a`` got the claim."""
    return a is None or b is None or a == b or b == "neutral" or a == "neutral" and b != "refutes"


def trace_claim(graph: ProvenanceGraph | Iterable[CitationEdge], evidence: Iterable[EvidenceRef | str | tuple[str, int]], claim: str | None = None) -> Trace:
    """Chains, origins and independent sources behind the evidence of one claim.

    ``evidence`` items are EvidenceRef, a document id (the whole document) or
    a (document id, sentence index) pair.
    """
    if not isinstance(graph, ProvenanceGraph):
        graph = ProvenanceGraph(graph)
    refs = [_as_ref(item) for item in evidence]
    scope = _Scope.of(refs)
    chains: list[Chain] = []
    origins_of: dict[EvidenceRef, set[str]] = {}
    for ref in refs:
        found = _trace_ref(graph, ref, scope)
        chains.extend(found)
        origins_of[ref] = {c.origin for c in found}
    nodes, edges = _trace_subgraph(graph, chains)
    dates = _node_dates(graph, chains, nodes)
    origins = _origins(graph, chains, dates)
    sources = _independent_sources(graph, refs, origins_of, dates)
    return Trace(claim, refs, chains, origins, sources, nodes, edges, dates)


def _as_ref(item: EvidenceRef | str | tuple[str, int]) -> EvidenceRef:
    if isinstance(item, EvidenceRef):
        return item
    if isinstance(item, str):
        return EvidenceRef(item)
    return EvidenceRef(item[0], item[1])


def _trace_ref(graph: ProvenanceGraph, ref: EvidenceRef, scope: _Scope) -> list[Chain]:
    doc_key = document_key(ref.doc_id)
    starts = _entry_edges(graph, ref, scope)
    paths: list[list[CitationEdge]] = []
    for edge in starts:
        _walk(graph, edge, [edge], {doc_key, edge.target_node.key}, scope, ref.stance, paths)
    paths = paths[:MAX_PATHS]
    informative = [p for p in paths if p[-1].relation not in {"reprints", "translates"}]
    if informative:
        paths = informative  # a reprint's own citations say more than 'it reprints X'
    if not paths:
        return [Chain(ref, [], doc_key)]
    chains: dict[tuple[str, ...], Chain] = {}
    for path in paths:
        chain = Chain(ref, path, "")
        chain.origin = chain.nodes[-1]
        chains.setdefault(tuple(chain.nodes), chain)
    return list(chains.values())


def _entry_edges(graph: ProvenanceGraph, ref: EvidenceRef, scope: _Scope) -> list[CitationEdge]:
    """The document's own links for this sentence; for its own voice, its links for the same claim and stance."""
    doc_key = document_key(ref.doc_id)
    if ref.sentence_index is None:
        return [e for e in graph.edges_in_document(ref.doc_id) if e.source_node.key == doc_key and e.is_citation]
    here = [e for e in graph.edges_in_sentence(ref.doc_id, ref.sentence_index) if e.source_node.key == doc_key and e.is_citation]
    if ref.relays_other and ref.stance != "refutes":
        here = []  # its citations carry the other story; a denial stays its speaker's own word
    if here:
        return _one_per_next(here, doc_key)
    return _one_per_next(_own_voice_edges(graph, ref.doc_id, ref.stance, scope), doc_key)


def _own_voice_edges(graph: ProvenanceGraph, doc_id: str, stance: str | None, scope: _Scope) -> list[CitationEdge]:
    """What an article relies on when it states the claim in its own voice.

    Repeating a claim relies on the reports the article relays for that claim
    (in or near its sentences of the same stance, or neutral ones) and on the
    piece it reprints. Refuting it is the article's own position: only a
    reprint passes it back to the original.
    """
    doc_key = document_key(doc_id)
    sentences = scope.same_stance_sentences(doc_id, stance) if stance != "refutes" else set()
    out = []
    for edge in graph.edges_in_document(doc_id):
        if edge.source_node.key != doc_key or not edge.is_citation:
            continue
        if edge.relation in {"reprints", "translates"}:
            out.append(edge)
        elif _relays_claim(edge) and not scope.about_other_story(edge) and (sentences is None or _near(edge.sentence_index, sentences)):
            out.append(edge)
    return out


def _near(index: int | None, sentences: set[int]) -> bool:
    """A link in, or a few sentences from, one of the article's sentences carrying the claim."""
    return index is not None and any(abs(index - s) <= CONTEXT_WINDOW for s in sentences)


def _relays_claim(edge: CitationEdge) -> bool:
    """Links an article's unattributed statement can rest on: reports and citations of other pieces, and
    its anonymous sources. A named person it quotes speaks for themselves, not for the article."""
    return edge.relation != "quotes" or edge.target_node.kind == "anonymous"


def _onward(
    graph: ProvenanceGraph, key: str, scope: _Scope, stance: str | None, limit: str | None, via: CitationEdge | None = None
) -> list[CitationEdge]:
    """Links out of a node that carry the claim further back.

    From a person or outlet: its links near sentences carrying the claim, and
    its links a few sentences from the one that brought the walk here ('X
    reported ... X quoted a source'), the evidence documents it published, and
    what its writers cite.
    """
    node = graph.node(key)
    if node is None:
        return []
    if node.kind == "document" and key.startswith("document:"):
        return _one_per_next(_own_voice_edges(graph, key_slug(key), stance, scope), key)
    arrived = _arrival_sentences(graph, via)
    out = [
        e for e in graph.out_edges(key)
        if e.is_citation and (scope.covers(e) or (via is not None and e.doc_id == via.doc_id and _near(e.sentence_index, arrived)))
    ]
    for edge, doc in graph.documents_of(key):
        doc_node = graph.node(doc)
        published = doc_node.date if doc_node else None
        if key_slug(doc) in scope.sentences and (limit is None or published is None or published <= limit):
            out.append(edge)
    if node.kind == "outlet":
        for writes in graph.writers_of(key):
            writer = writes.source_node.key
            if any(e.is_citation and scope.covers(e) for e in graph.out_edges(writer)):
                out.append(writes)
    return _one_per_next(out, key)


def _arrival_sentences(graph: ProvenanceGraph, via: CitationEdge | None) -> set[int]:
    """Every sentence of the arriving edge's document that shows the same link."""
    if via is None:
        return set()
    return {
        e.sentence_index for e in graph.edges_in_document(via.doc_id)
        if e.source_node.key == via.source_node.key and e.target_node.key == via.target_node.key and e.sentence_index is not None
    }


def _one_per_next(edges: list[CitationEdge], here: str) -> list[CitationEdge]:
    """One step per next node: the same link found in many sentences is one link (the best-dated one)."""
    best: dict[str, CitationEdge] = {}
    for edge in edges:
        nxt = _next_key(edge, here)
        current = best.get(nxt)
        if current is None or (edge.date_basis == "stated", -_date_rank(edge.date)) > (current.date_basis == "stated", -_date_rank(current.date)):
            best[nxt] = edge
    return list(best.values())


def _date_rank(date: str | None) -> int:
    return int(date.replace("-", "").ljust(8, "0")[:8]) if date and date[:4].isdigit() and date.replace("-", "").isdigit() else 99999999


def _walk(graph: ProvenanceGraph, edge: CitationEdge, path: list[CitationEdge], seen: set[str], scope: _Scope,
          stance: str | None, paths: list[list[CitationEdge]]) -> None:
    # A writes_for step goes from the outlet to its writer: the edge is stored writer -> outlet.
    here = edge.source_node.key if edge.relation == "writes_for" else edge.target_node.key
    onward = [] if len(path) >= MAX_DEPTH else _onward(graph, here, scope, stance, edge.date, edge)
    fresh = [e for e in onward if _next_key(e, here) not in seen]
    if not fresh or len(paths) >= MAX_PATHS:
        paths.append(path)
        return
    for nxt in fresh:
        target = _next_key(nxt, here)
        _walk(graph, nxt, path + [nxt], seen | {target}, scope, stance, paths)


def _next_key(edge: CitationEdge, here: str) -> str:
    return edge.source_node.key if edge.relation == "writes_for" and edge.target_node.key == here else edge.target_node.key


def _trace_subgraph(graph: ProvenanceGraph, chains: list[Chain]) -> tuple[dict[str, Node], list[CitationEdge]]:
    """Nodes and edges on some chain, plus who publishes / writes for them (context for the picture)."""
    nodes: dict[str, Node] = {}
    edges: list[CitationEdge] = []
    seen: set[int] = set()
    for chain in chains:
        for key in chain.nodes + [chain.origin]:
            if key in graph.nodes:
                nodes[key] = graph.nodes[key]
        for edge in chain.edges:
            if id(edge) not in seen:
                seen.add(id(edge))
                edges.append(edge)
                nodes[edge.source_node.key] = edge.source_node
                nodes[edge.target_node.key] = edge.target_node
    for key in list(nodes):
        context = [e for e in graph.in_edges(key) if e.relation in {"publishes", "writes_for"}]
        if key.startswith("document:"):
            context += [e for e in graph.out_edges(key) if e.relation in {"reprints", "translates"}]
        for edge in context:
            if id(edge) not in seen:
                seen.add(id(edge))
                edges.append(edge)
                nodes[edge.source_node.key] = edge.source_node
                nodes[edge.target_node.key] = edge.target_node
    return nodes, edges


def _node_dates(graph: ProvenanceGraph, chains: list[Chain], nodes: dict[str, Node]) -> dict[str, str | None]:
    """The earliest date each node can be placed at: its own date, its links', and no later than who cites it."""
    dates: dict[str, str | None] = {k: n.date for k, n in nodes.items()}

    def lower(key: str, value: str | None) -> None:
        if value and (dates.get(key) is None or value < (dates[key] or "")):
            dates[key] = value

    for chain in chains:
        for edge in chain.edges:
            if edge.relation not in {"publishes"}:
                lower(edge.target_node.key, edge.date)
                lower(edge.source_node.key, edge.date if edge.date_basis == "stated" else None)
    for _ in range(2):  # what is cited was said no later than the citation
        for chain in chains:
            keys = chain.nodes
            for before, after in zip(keys, keys[1:]):
                lower(after, dates.get(before))
    return dates


def _origins(graph: ProvenanceGraph, chains: list[Chain], dates: dict[str, str | None]) -> list[Origin]:
    by_key: dict[str, Origin] = {}
    for chain in chains:
        node = graph.nodes.get(chain.origin) or Node(chain.origin, chain.origin, "document")
        origin = by_key.setdefault(chain.origin, Origin(node, dates.get(chain.origin)))
        if chain.evidence not in origin.evidence:
            origin.evidence.append(chain.evidence)
    return sorted(by_key.values(), key=lambda o: (o.date is None, o.date or "", _KIND_ORDER.get(o.node.kind, 9), o.node.key))


def _independent_sources(
    graph: ProvenanceGraph, refs: list[EvidenceRef], origins_of: dict[EvidenceRef, set[str]], dates: dict[str, str | None]
) -> list[IndependentSource]:
    """Evidence resting on the same primary origin is one source; documents of one outlet speak as one voice.

    A sentence may reach several origins (it names two sources, or a relay
    whose own source is not in the corpus). Its primary origin is the one
    that says most about where the claim came from: a named speaker, else an
    anonymous source, else an outlet or document whose source is unknown.
    """
    groups: dict[str, list[EvidenceRef]] = {}
    members: dict[str, set[str]] = {}
    for ref in refs:
        origins = origins_of.get(ref) or {document_key(ref.doc_id)}
        primary = min(origins, key=lambda k: _origin_rank(graph, k, dates))
        group = _voice_of(graph, primary)
        groups.setdefault(group, []).append(ref)
        members.setdefault(group, set()).update(origins)
    sources = []
    for group, evidence in groups.items():
        node = graph.nodes.get(group) or Node(group, group, "document")
        anonymous = node.kind == "anonymous"
        evidence.sort(key=lambda r: (r.doc_id, r.sentence_index if r.sentence_index is not None else -1))
        sources.append(
            IndependentSource(
                key=ANONYMOUS_POOL if anonymous else f"source:{group}",
                name=node.name,
                origins=sorted(members[group], key=lambda k: (dates.get(k) is None, dates.get(k) or "", k)),
                evidence=evidence,
                anonymous=anonymous,
            )
        )
    return sorted(sources, key=lambda s: (dates.get(s.origins[0]) is None, dates.get(s.origins[0]) or "", s.key))


def _origin_rank(graph: ProvenanceGraph, key: str, dates: dict[str, str | None]) -> tuple[int, bool, str, str]:
    node = graph.nodes.get(key)
    kind = node.kind if node else "document"
    if kind in {"person", "organisation"} and not key.startswith("unnamed:"):
        rank = 0
    elif kind == "anonymous":
        rank = 1
    elif kind in {"person", "organisation"}:
        rank = 2
    else:
        rank = 3
    return rank, dates.get(key) is None, dates.get(key) or "", key


def _voice_of(graph: ProvenanceGraph, key: str) -> str:
    """A document speaks for the outlet that publishes it: two articles of one paper are one voice."""
    if key.startswith("document:"):
        publishers = graph.publishers_of(key)
        if len(publishers) == 1:
            return publishers[0]
    return key


# ---------------------------------------------------------------------------
# the claim check


def evidence_refs(evidence: Sequence[Evidence], min_related: float | None = None) -> list[EvidenceRef]:
    """EvidenceRefs for the claim check's evidence; sentences below ``min_related`` count as neutral context."""
    from claimtrace.verify.verdict import MIN_RELATED, RELAYS_OTHER_BELOW

    threshold = MIN_RELATED if min_related is None else min_related
    return [
        EvidenceRef(
            e.doc_id, e.sentence_index, e.stance if e.related >= threshold else "neutral",
            relays_other=e.relays_other_story, relays_claim=e.passes_on and e.relays >= RELAYS_OTHER_BELOW,
        )
        for e in evidence
    ]


def assign_independent_sources(evidence: list[Evidence], graph: ProvenanceGraph, claim: str | None = None) -> Trace:
    """Fill ``Evidence.independent_source`` from provenance, so the verdict counts echoes once.

    Evidence from a document the graph has never seen keeps an empty key, so
    the verdict falls back to its own rule for it. Anonymous-rooted sources get
    the verdict's shared anonymous key: an echoed anonymous claim stays
    anonymous however many outlets repeat it.
    """
    refs = evidence_refs(evidence)
    known = {r for r in refs if graph.edges_in_document(r.doc_id)}
    trace = trace_claim(graph, [r for r in refs if r in known], claim)
    for item, ref in zip(evidence, refs):
        if ref not in known:
            continue
        source = trace.source_of(ref)
        if source is not None:
            item.independent_source = source.key
    return trace


def graph_summary(graph: ProvenanceGraph) -> list[dict[str, Any]]:
    """Every source with how often it cites and is cited, for `claimtrace sources`."""
    rows = []
    for key, node in graph.nodes.items():
        outgoing = [e for e in graph.out_edges(key) if e.is_citation]
        incoming = [e for e in graph.in_edges(key) if e.is_citation]
        rows.append(
            {
                "key": key, "name": node.name, "kind": node.kind, "date": node.date,
                "cites": len(outgoing), "cited_by": len(incoming),
                "documents": sorted({e.doc_id for e in outgoing + incoming}),
            }
        )
    return sorted(rows, key=lambda r: (-r["cited_by"], -r["cites"], r["name"].lower()))


__all__ = [
    "ANONYMOUS_POOL",
    "Chain",
    "EvidenceRef",
    "IndependentSource",
    "Origin",
    "ProvenanceGraph",
    "Trace",
    "assign_independent_sources",
    "evidence_refs",
    "graph_summary",
    "trace_claim",
]
