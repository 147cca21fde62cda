"""Rows for the store's provenance tables, and edges rebuilt from them.

The store runs the SQL (``store.sql``: UPSERT_NODE, INSERT_EDGE, SELECT_EDGES);
the mapping between CitationEdge records and the ``provenance_nodes`` /
``provenance_edges`` columns (migration 0004) lives here, beside the records,
so both sides change together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimtrace.provenance.model import CitationEdge, Node


def node_rows(edges: Iterable[CitationEdge]) -> list[tuple[str, str, str, str | None]]:
    """One (key, name, kind, date) row per node the edges touch, for the store's node upsert."""
    nodes: dict[str, Node] = {}
    for edge in edges:
        for node in (edge.source_node, edge.target_node):
            nodes.setdefault(node.key, node)
    return [(n.key, n.name, n.kind, n.date) for n in nodes.values()]


def edge_rows(edges: Iterable[CitationEdge], sentence_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Rows for the store's edge insert; ``sentence_ids[i]`` is the stored id of sentence index i."""
    ids = dict(enumerate(sentence_ids))
    return [
        (
            e.doc_id, ids.get(e.sentence_index) if e.sentence_index is not None else None, e.sentence_index,
            e.source_node.key, e.target_node.key, e.relation, e.start, e.end, e.evidence_text, e.date, e.date_basis,
        )
        for e in edges
    ]


def edges_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[CitationEdge]:
    """CitationEdges from the rows of ``Store.provenance_edges`` (or dicts with the same keys)."""
    out = []
    for r in rows:
        source = Node(r["s_key"], r["s_name"], r["s_kind"], r["s_date"])
        target = Node(r["t_key"], r["t_name"], r["t_kind"], r["t_date"])
        out.append(
            CitationEdge(source, target, r["relation"], r["doc_id"], r["sentence_index"], r["start"], r["end"],
                         r["evidence_text"], r["date"], r["date_basis"])
        )
    return out
