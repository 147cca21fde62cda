"""A trace as text, JSON, Graphviz DOT and a picture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from claimtrace.provenance.graph import ProvenanceGraph, trace_claim
from claimtrace.provenance.render import render_svg, to_dot, to_json, to_text

from test_provenance_graph import ANON, ECHO_EVIDENCE, WIRE, echo_corpus


def echo_trace():  # type: ignore[no-untyped-def]
    return trace_claim(echo_corpus(), ECHO_EVIDENCE, "The republic signed a secret pact")


def test_text_names_sources_origins_and_every_chain_step() -> None:
    text = to_text(echo_trace())
    assert "Independent sources behind the evidence: 2 (refutes: 1, supports: 1)" in text
    assert "a senior official who asked not to be named [anonymous]" in text
    assert "article p2 —cites→ North Press Agency —published→" not in text  # publishing is shown as a step only when walked
    assert "—reports→ River Times" in text
    assert text.index("Earliest origin(s):") < text.index("Chains")


def test_json_is_serialisable_and_complete() -> None:
    data = json.loads(json.dumps(to_json(echo_trace())))
    assert data["independent_sources_by_stance"] == {"refutes": 1, "supports": 1}
    assert data["origins"][0]["key"] == ANON.key
    chain = next(c for c in data["chains"] if c["evidence"]["doc_id"] == "p2")
    assert chain["nodes"][0] == "document:p2" and chain["origin"] == ANON.key
    assert all({"source", "target", "relation", "evidence", "date"} <= set(e) for e in data["edges"])


def test_dot_declares_every_node_and_edge_and_marks_origins() -> None:
    trace = echo_trace()
    dot = to_dot(trace)
    assert dot.startswith('digraph "provenance" {') and dot.rstrip().endswith("}")
    declared = set(re.findall(r'^  "([^"]+)" \[label=', dot, flags=re.M))
    assert declared == set(trace.nodes)
    arrows = re.findall(r'^  "([^"]+)" -> "([^"]+)"', dot, flags=re.M)
    assert (f"document:p2", WIRE.key) in arrows
    assert re.search(rf'"{re.escape(ANON.key)}" \[label=[^\]]*color="#c0392b"', dot)


def test_dot_of_the_whole_graph_escapes_quotes() -> None:
    edges = echo_corpus()
    edges[0].evidence_text = 'He said "yes" and left'
    dot = to_dot(ProvenanceGraph(edges))
    assert '\\"yes\\"' in dot
    assert dot.count("{") == dot.count("}")


def test_svg_picture_is_written(tmp_path: Path) -> None:
    path = render_svg(echo_trace(), tmp_path / "trace.svg")
    content = path.read_text(encoding="utf-8")
    assert "<svg" in content and ">River Times<" in content  # labels stay text
    png = render_svg(echo_trace(), tmp_path / "trace.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_trace_graph_converts_to_networkx() -> None:
    graph = ProvenanceGraph(echo_corpus())
    assert isinstance(graph.to_networkx(), nx.MultiDiGraph)
    assert nx.has_path(graph.to_networkx(), "document:p2", ANON.key)
