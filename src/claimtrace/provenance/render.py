"""The citation graph and a claim's trace as text, JSON, Graphviz DOT and a picture.

DOT is written directly (it is a small text format), so no Graphviz
install is needed to produce it; the picture is drawn with networkx and
matplotlib, laid out in columns from the evidence documents (left) to the
origins (right).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import networkx as nx

from claimtrace.provenance.graph import ProvenanceGraph, Trace
from claimtrace.provenance.model import CitationEdge, Node

KIND_COLOURS = {
    "document": "#dbe9f6",
    "outlet": "#fde9c9",
    "person": "#d9f2d9",
    "organisation": "#e8e0f4",
    "anonymous": "#f6d5d5",
}
RELATION_STYLES = {
    "cites": "solid",
    "reports": "solid",
    "quotes": "solid",
    "reprints": "dashed",
    "translates": "dashed",
    "publishes": "dotted",
    "writes_for": "dotted",
}
MAX_TEXT_CHAINS = 40


# ---------------------------------------------------------------------------
# text


def _step(edge: CitationEdge, here: str) -> tuple[str, str]:
    """(arrow label, next node name) for one chain step, writes_for walked from the outlet to its writer."""
    if edge.relation == "writes_for" and edge.target_node.key == here:
        return "via writer", edge.source_node.name
    return edge.relation, edge.target_node.name


def chain_line(trace: Trace, chain_index: int) -> str:
    chain = trace.chains[chain_index]
    names = [trace.nodes[chain.nodes[0]].name if chain.nodes[0] in trace.nodes else chain.nodes[0]]
    parts = [_short(names[0], 60)]
    here = chain.nodes[0]
    for edge, nxt in zip(chain.edges, chain.nodes[1:]):
        label, name = _step(edge, here)
        parts.append(f" —{label}→ {_short(name, 60)}")
        here = nxt
    return "".join(parts)


def to_text(trace: Trace) -> str:
    """A report a fact-checker can read: sources, origins, then every chain with the sentences that show it."""
    lines: list[str] = []
    if trace.claim:
        lines.append(f"Claim: {trace.claim}")
    by_stance = trace.count_by_stance()
    stance_note = ", ".join(f"{k}: {v}" for k, v in by_stance.items()) if len(by_stance) > 1 or "unknown" not in by_stance else ""
    lines.append(f"Independent sources behind the evidence: {trace.independent_count}" + (f" ({stance_note})" if stance_note else ""))
    carrying = trace.carrying_sources()
    lines.append(
        f"The claim itself rests on {len(carrying)} independent source(s)"
        + (": " + "; ".join(_short(s.name, 60) for s in carrying) if carrying else "")
        + " (those that support or report it; echoes of one source count once)."
    )
    for n, source in enumerate(trace.sources, 1):
        docs = len({e.doc_id for e in source.evidence})
        tag = " [anonymous]" if source.anonymous else ""
        lines.append(f"  {n}. {source.name}{tag} — {len(source.evidence)} evidence sentence(s) in {docs} document(s)")
    lines.append("")
    lines.append("Earliest origin(s):")
    for origin in trace.origins:
        when = origin.date or "undated"
        lines.append(f"  {when:10}  {origin.node.name} ({origin.node.kind}) — carries {len(origin.evidence)} evidence sentence(s)")
    lines.append("")
    lines.append("Chains (evidence document → … → origin):")
    shown = 0
    for i, chain in enumerate(trace.chains):
        if shown >= MAX_TEXT_CHAINS:
            lines.append(f"  … {len(trace.chains) - shown} more chain(s); use --format json for all")
            break
        where = f"{chain.evidence.doc_id}" + (f" #s{chain.evidence.sentence_index}" if chain.evidence.sentence_index is not None else "")
        stance = f" [{chain.evidence.stance}]" if chain.evidence.stance else ""
        lines.append(f"  {where}{stance}: {chain_line(trace, i)}")
        for edge in chain.edges:
            when = f" ({edge.date})" if edge.date else ""
            lines.append(f"      · {edge.source_node.name} {edge.relation} {edge.target_node.name}{when}: “{_short(edge.evidence_text, 160)}”")
        shown += 1
    context = [e for e in trace.edges if e.relation in {"publishes", "writes_for", "reprints", "translates"}]
    if context:
        lines.append("")
        lines.append("Who publishes, writes for, reprints or translates whom:")
        for edge in context:
            lines.append(f"  {edge.source_node.name} {edge.relation.replace('_', ' ')} {edge.target_node.name}: “{_short(edge.evidence_text, 120)}”")
    return "\n".join(lines)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# JSON


def edge_to_json(edge: CitationEdge) -> dict[str, Any]:
    return {
        "source": edge.source_node.key,
        "target": edge.target_node.key,
        "relation": edge.relation,
        "doc_id": edge.doc_id,
        "sentence_index": edge.sentence_index,
        "start": edge.start,
        "end": edge.end,
        "evidence": edge.evidence_text,
        "date": edge.date,
        "date_basis": edge.date_basis,
    }


def node_to_json(node: Node) -> dict[str, Any]:
    return {"key": node.key, "name": node.name, "kind": node.kind, "date": node.date}


def to_json(trace: Trace) -> dict[str, Any]:
    """The trace as plain data: nodes, edges, chains (as edge lists), origins and independent sources."""
    return {
        "claim": trace.claim,
        "independent_sources": trace.independent_count,
        "independent_sources_by_stance": trace.count_by_stance(),
        "sources_carrying_claim": len(trace.carrying_sources()),
        "sources": [
            {
                "key": s.key,
                "name": s.name,
                "anonymous": s.anonymous,
                "origins": s.origins,
                "evidence": [{"doc_id": e.doc_id, "sentence_index": e.sentence_index, "stance": e.stance} for e in s.evidence],
            }
            for s in trace.sources
        ],
        "origins": [
            {**node_to_json(o.node), "date": o.date, "evidence": len(o.evidence)} for o in trace.origins
        ],
        "chains": [
            {
                "evidence": {"doc_id": c.evidence.doc_id, "sentence_index": c.evidence.sentence_index, "stance": c.evidence.stance},
                "nodes": c.nodes,
                "origin": c.origin,
                "edges": [edge_to_json(e) for e in c.edges],
            }
            for c in trace.chains
        ],
        "nodes": [node_to_json(n) for n in trace.nodes.values()],
        "edges": [edge_to_json(e) for e in trace.edges],
    }


def graph_to_json(graph: ProvenanceGraph) -> dict[str, Any]:
    return {"nodes": [node_to_json(n) for n in graph.nodes.values()], "edges": [edge_to_json(e) for e in graph.edges]}


# ---------------------------------------------------------------------------
# DOT


def _dot_id(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(text: str, width: int = 28) -> str:
    wrapped = "\\n".join(textwrap.wrap(_short(text, 90), width)) or " "
    return '"' + wrapped.replace('"', '\\"') + '"'


def to_dot(source: Trace | ProvenanceGraph, name: str = "provenance") -> str:
    """Graphviz DOT of a trace (origins outlined in red) or of the whole graph."""
    if isinstance(source, Trace):
        nodes = source.nodes
        edges = source.edges
        origins = {o.node.key for o in source.origins}
    else:
        nodes = source.nodes
        edges = source.edges
        origins = set()
    lines = [f"digraph {_dot_id(name)} {{", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for key, node in nodes.items():
        colour = KIND_COLOURS.get(node.kind, "#eeeeee")
        extra = ', color="#c0392b", penwidth=2' if key in origins else ""
        label = node.name + (f" ({node.date})" if node.date and node.kind == "document" else "")
        lines.append(f"  {_dot_id(key)} [label={_dot_label(label)}, fillcolor=\"{colour}\"{extra}];")
    seen: set[tuple[str, str, str]] = set()
    for edge in edges:
        triple = (edge.source_node.key, edge.target_node.key, edge.relation)
        if triple in seen:
            continue
        seen.add(triple)
        style = RELATION_STYLES.get(edge.relation, "solid")
        tooltip = _short(edge.evidence_text, 200).replace('"', '\\"')
        lines.append(
            f"  {_dot_id(edge.source_node.key)} -> {_dot_id(edge.target_node.key)} "
            f"[label=\"{edge.relation}\", style={style}, tooltip=\"{tooltip}\"];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# picture


def _layers(trace: Trace) -> dict[str, int]:
    """Column of each node: its distance from the evidence documents along the chains."""
    layer: dict[str, int] = {}
    for chain in trace.chains:
        for depth, key in enumerate(chain.nodes):
            layer[key] = max(layer.get(key, 0), depth)
    for key in trace.nodes:
        if key not in layer:
            # publishers and writers sit one column before what they publish or write for
            linked = [layer[e.target_node.key] for e in trace.edges if e.source_node.key == key and e.target_node.key in layer]
            linked += [layer[e.source_node.key] for e in trace.edges if e.target_node.key == key and e.source_node.key in layer]
            layer[key] = max(0, min(linked)) if linked else 0
    return layer


def render_svg(trace: Trace, path: str | Path, title: str | None = None) -> Path:
    """Draw the trace (networkx + matplotlib, no Graphviz needed); the suffix picks the format (.svg, .png, .pdf)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    graph = nx.DiGraph()
    layers = _layers(trace)
    for key, node in trace.nodes.items():
        graph.add_node(key, layer=layers.get(key, 0))
    labels_by_pair: dict[tuple[str, str], str] = {}
    for edge in trace.edges:
        pair = (edge.source_node.key, edge.target_node.key)
        graph.add_edge(*pair)
        labels_by_pair[pair] = edge.relation if pair not in labels_by_pair else labels_by_pair[pair]
    if graph.number_of_nodes() == 0:
        graph.add_node("(no sources found)", layer=0)
    pos = nx.multipartite_layout(graph, subset_key="layer", align="vertical")
    columns = max(layers.values(), default=0) + 1
    rows = max((sum(1 for v in layers.values() if v == c) for c in range(columns)), default=1)
    plt.rcParams["svg.fonttype"] = "none"  # keep labels as text: searchable and small
    fig, ax = plt.subplots(figsize=(max(8, 3.2 * columns), max(4, 1.1 * rows + 1)))
    origins = {o.node.key for o in trace.origins}
    colours = [KIND_COLOURS.get(trace.nodes[k].kind, "#eeeeee") if k in trace.nodes else "#eeeeee" for k in graph.nodes]
    edge_colours = ["#c0392b" if k in origins else "#555555" for k in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, edgecolors=edge_colours, node_size=2200, node_shape="s", linewidths=1.5)
    labels = {k: "\n".join(textwrap.wrap(_short(trace.nodes[k].name if k in trace.nodes else k, 60), 18)) for k in graph.nodes}
    nx.draw_networkx_labels(graph, pos, labels=labels, ax=ax, font_size=7)
    nx.draw_networkx_edges(graph, pos, ax=ax, arrows=True, arrowstyle="-|>", arrowsize=12, node_size=2200, node_shape="s")
    nx.draw_networkx_edge_labels(graph, pos, edge_labels=labels_by_pair, ax=ax, font_size=6)
    ax.set_title(title or (f"Where “{_short(trace.claim, 80)}” came from" if trace.claim else "Provenance"), fontsize=10)
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".") or "svg")
    plt.close(fig)
    return path


__all__ = ["chain_line", "edge_to_json", "graph_to_json", "node_to_json", "render_svg", "to_dot", "to_json", "to_text"]
