"""Rows for the store's provenance tables, and edges rebuilt from them.

The store only runs SQL; the mapping between CitationEdge records and the
``provenance_nodes`` / ``provenance_edges`` columns (migration 0004) lives
here, beside the records, so both sides change together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimtrace.provenance.model import CitationEdge, Node

NODE_UPSERT_SQL = (
    "INSERT INTO provenance_nodes (key, name, kind, date) VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
    "name = CASE WHEN name = lower(name) AND excluded.name <> lower(excluded.name) THEN excluded.name ELSE name END, "
    "kind = CASE WHEN excluded.kind = 'outlet' THEN 'outlet' ELSE kind END, "
    "date = COALESCE(date, excluded.date)"
)
EDGE_INSERT_SQL = (
    "INSERT INTO provenance_edges (doc_id, sentence_id, sentence_index, source_key, target_key, relation, start, end, "
    "evidence_text, date, date_basis) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
EDGE_SELECT_SQL = (
    "SELECT e.doc_id, e.sentence_index, e.relation, e.start, e.end, e.evidence_text, e.date, e.date_basis, "
    "s.key AS s_key, s.name AS s_name, s.kind AS s_kind, s.date AS s_date, "
    "t.key AS t_key, t.name AS t_name, t.kind AS t_kind, t.date AS t_date "
    "FROM provenance_edges e JOIN provenance_nodes s ON s.key = e.source_key JOIN provenance_nodes t ON t.key = e.target_key"
)


def node_rows(edges: Iterable[CitationEdge]) -> list[tuple[str, str, str, str | None]]:
    """One (key, name, kind, date) row per node the edges touch, for NODE_UPSERT_SQL."""
    nodes: dict[str, Node] = {}
    for edge in edges:
        for node in (edge.source_node, edge.target_node):
            nodes.setdefault(node.key, node)
    return [(n.key, n.name, n.kind, n.date) for n in nodes.values()]


def edge_rows(edges: Iterable[CitationEdge], sentence_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Rows for EDGE_INSERT_SQL; ``sentence_ids[i]`` is the stored id of sentence index i."""
    ids = dict(enumerate(sentence_ids))
    return [
        (
            e.doc_id, ids.get(e.sentence_index) if e.sentence_index is not None else None, e.sentence_index,
            e.source_node.key, e.target_node.key, e.relation, e.start, e.end, e.evidence_text, e.date, e.date_basis,
        )
        for e in edges
    ]


def edges_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[CitationEdge]:
    """CitationEdges from rows of EDGE_SELECT_SQL (sqlite3.Row or dicts)."""
    out = []
    for r in rows:
        source = Node(r["s_key"], r["s_name"], r["s_kind"], r["s_date"])
        target = Node(r["t_key"], r["t_name"], r["t_kind"], r["t_date"])
        out.append(
            CitationEdge(source, target, r["relation"], r["doc_id"], r["sentence_index"], r["start"], r["end"],
                         r["evidence_text"], r["date"], r["date_basis"])
        )
    return out
