"""The provenance tables (migration 0004) hold edges that come back unchanged, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import astuple

from claimtrace.provenance.storage import edges_from_rows
from claimtrace.records import AnnotatedDocument, Document, PublicationDate, Sentence
from claimtrace.store import open_store

from test_provenance_graph import echo_corpus


def annotated_document(doc_id_hint: str) -> AnnotatedDocument:
    text = f"First sentence of {doc_id_hint}. Second sentence.\nThird one here. Fourth. Fifth."
    document = Document(source=f"{doc_id_hint}.txt", format="txt", text=text, published=PublicationDate("2030-01-02", "stated", "day"))
    starts = [0, text.index("Second"), text.index("Third"), text.index("Fourth"), text.index("Fifth")]
    ends = starts[1:] + [len(text)]
    sentences = [Sentence(i, a, b, text[a:b].strip(), 0) for i, (a, b) in enumerate(zip(starts, ends))]
    return AnnotatedDocument(document, sentences)


def test_edges_round_trip_through_the_store(store_url: str) -> None:
    store = open_store(store_url)
    assert store.schema_version() >= 4
    edges = echo_corpus()
    for hint in ("col", "wire", "p1", "p2"):  # point the hand-made edges at the stored documents
        annotated = annotated_document(hint)
        annotated.citations = [e for e in edges if e.doc_id == hint]
        for edge in annotated.citations:
            edge.doc_id = annotated.document.id
        store.add_document(annotated)
    back = edges_from_rows(store.provenance_edges())

    def rows(items):  # type: ignore[no-untyped-def]
        return sorted((astuple(e.source_node), astuple(e.target_node), e.relation, e.doc_id, e.sentence_index, e.date) for e in items)

    assert rows(back) == rows(edges)
    linked = store.conn.execute("SELECT COUNT(*) FROM provenance_edges WHERE sentence_id IS NOT NULL").fetchone()[0]
    assert linked == sum(1 for e in edges if e.sentence_index is not None)
    # Each linked edge points at the stored sentence of its index in its own document.
    consistent = store.conn.execute(
        "SELECT COUNT(*) FROM provenance_edges e JOIN sentences s ON s.id = e.sentence_id "
        "WHERE s.doc_id = e.doc_id AND s.idx = e.sentence_index"
    ).fetchone()[0]
    assert consistent == linked
    store.close()


def test_node_upsert_prefers_the_capitalised_name_and_outlet_kind(store_url: str) -> None:
    store = open_store(store_url)
    for node in [("outlet:river-times", "river times", "organisation", None), ("outlet:river-times", "River Times", "outlet", None),
                 ("outlet:river-times", "RIVER TIMES?", "organisation", None)]:
        store.upsert_provenance_nodes([node])  # the statement a document's write runs, one call a write
    row = store.conn.execute("SELECT name, kind FROM provenance_nodes").fetchone()
    assert tuple(row) == ("River Times", "outlet")
    store.close()
