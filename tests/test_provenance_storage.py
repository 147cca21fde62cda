"""The provenance tables (migration 0004) hold edges that come back unchanged."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

from claimtrace.provenance.storage import EDGE_INSERT_SQL, EDGE_SELECT_SQL, NODE_UPSERT_SQL, edge_rows, edges_from_rows, node_rows
from claimtrace.records import AnnotatedDocument, Document, PublicationDate, Sentence
from claimtrace.store.sqlite import SQLiteStore

from test_provenance_graph import echo_corpus


def stored_document(store: SQLiteStore, doc_id_hint: str) -> tuple[str, list[int]]:
    text = f"First sentence of {doc_id_hint}. Second sentence.\nThird one here. Fourth. Fifth."
    document = Document(source=f"{doc_id_hint}.txt", format="txt", text=text, published=PublicationDate("2030-01-02", "stated", "day"))
    starts = [0, text.index("Second"), text.index("Third"), text.index("Fourth"), text.index("Fifth")]
    ends = starts[1:] + [len(text)]
    sentences = [Sentence(i, a, b, text[a:b].strip(), 0) for i, (a, b) in enumerate(zip(starts, ends))]
    store.add_document(AnnotatedDocument(document, sentences))
    ids = [r[0] for r in store.conn.execute("SELECT id FROM sentences WHERE doc_id = ? ORDER BY idx", (document.id,))]
    return document.id, ids


def test_edges_round_trip_through_sqlite(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "p.db")
    assert store.schema_version() >= 4
    by_hint = {}
    for hint in ("col", "wire", "p1", "p2"):
        by_hint[hint] = stored_document(store, hint)
    edges = echo_corpus()
    for edge in edges:  # point the hand-made edges at the stored documents
        edge.doc_id = by_hint[edge.doc_id][0]
    cur = store.conn.cursor()
    cur.executemany(NODE_UPSERT_SQL, node_rows(edges))
    for doc_id, sentence_ids in by_hint.values():
        cur.executemany(EDGE_INSERT_SQL, edge_rows([e for e in edges if e.doc_id == doc_id], sentence_ids))
    back = edges_from_rows(store.conn.execute(EDGE_SELECT_SQL + " ORDER BY e.id"))
    def rows(items):  # type: ignore[no-untyped-def]
        return sorted((astuple(e.source_node), astuple(e.target_node), e.relation, e.doc_id, e.sentence_index, e.date) for e in items)

    assert rows(back) == rows(edges)
    linked = store.conn.execute("SELECT COUNT(*) FROM provenance_edges WHERE sentence_id IS NOT NULL").fetchone()[0]
    assert linked == sum(1 for e in edges if e.sentence_index is not None)
    store.close()


def test_node_upsert_prefers_the_capitalised_name_and_outlet_kind(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "p.db")
    store.conn.execute(NODE_UPSERT_SQL, ("outlet:river-times", "river times", "organisation", None))
    store.conn.execute(NODE_UPSERT_SQL, ("outlet:river-times", "River Times", "outlet", None))
    store.conn.execute(NODE_UPSERT_SQL, ("outlet:river-times", "RIVER TIMES?", "organisation", None))
    row = store.conn.execute("SELECT name, kind FROM provenance_nodes").fetchone()
    assert tuple(row) == ("River Times", "outlet")
    store.close()
