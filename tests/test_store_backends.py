"""The store contract, run against every backend: SQLite and PostgreSQL.

Each test ingests small fictional articles through ``Workbench(url)`` (the real
pipeline writes) and checks what comes back. The PostgreSQL cases need a server
(tests/pg_server.py): without one they are skipped, except in CI where they fail.
``store_url`` (tests/conftest.py) gives each test a fresh store of each backend.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from claimtrace.provenance.storage import edges_from_rows
from claimtrace.service import Workbench
from claimtrace.store import StoreError, open_store

ARTICLES = {
    "harbour.txt": """Valdoria opens Brennik desalination plant
Posted at Apr 02 2031 09:00 AM
By Tomas Reil | Brennik Ledger

BRENNIK - Valdorian Water Minister Mirela Voss on Tuesday opened the Brennik desalination plant, the largest on the Ostrian coast.

"Every household in Brennik will have clean water by the summer," Voss told reporters at the harbour.

The plant cost 410 million crowns and was built in under three years, according to the Brennik Ledger.

On 14 March 2031 the national assembly approved a second plant for the northern city of Varsk.
""",
    "border.txt": """Kestrania and Valdoria agree on river patrols
Posted at May 10 2031 07:30 AM
By Lena Hosk | Kestran Daily Wire

KESTRA - Kestranian Prime Minister Edvin Harsk said on Friday that joint patrols on the Selva river would begin in June.

"Our two republics share one river and one responsibility," Harsk said.

The agreement was first reported by the Marrow Gazette, which cited two officials in the interior ministry.

Mirela Voss, the Valdorian water minister, said the patrols would also monitor pollution from upstream farms.
""",
    "budget.txt": """Valdorian budget doubles spending on water
Posted at Jun 21 2031 11:15 AM
By Ana Pell | Ostrian Herald

VARSK - The Valdorian parliament on Thursday passed a budget that doubles spending on water infrastructure.

"We are paying for the pipes our grandparents forgot," Finance Minister Oskar Lind told the chamber.

Lind said the money would fund the Varsk plant approved in March.
""",
}


def write_articles(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


@pytest.fixture
def bench(store_url: str, articles: Path):
    """A Workbench over a store holding the three fictional articles."""
    with Workbench(store_url) as wb:
        report = wb.ingest([str(articles)])
        assert len(report.ingested) == 3, report
        yield wb


def snapshot(wb: Workbench) -> dict[str, object]:
    """What a user can read back from a store, with ids replaced by stable keys."""
    store = wb.store
    docs = wb.documents()
    by_id = {d.id: d for d in docs}
    sentence_ids, matrix = store.sentence_vectors()
    return {
        "documents": [(d.id, Path(d.source).name, d.title, d.outlet, d.published, d.sentence_count) for d in docs],
        "sentences": {
            d.id: [(s.index, s.start, s.end, s.paragraph, s.text, s.entities) for s in wb.document(d.id).sentences]
            for d in docs
        },
        "quotes": [(q.doc_id, q.content_start, q.content_end, q.speaker_name, q.speaker_id, q.said_on, q.kind)
                   for q in store.list_quotes()],
        "speakers": [(s.id, s.canonical_name, s.quotes, s.documents, s.aliases) for s in store.list_speakers()],
        "dated": sorted((d.kind, d.doc_id, d.sentence_index, d.date, d.basis) for d in store.dated_sentences()),
        "annotations": {d: store.document_annotations(d) for d in by_id},
        "edges": sorted((e.source_node.key, e.target_node.key, e.relation, e.doc_id, e.start)
                        for e in edges_from_rows(store.provenance_edges())),
        "vectors": (len(sentence_ids), matrix.shape, matrix.dtype.str),
        "counts": store.counts(),
    }


# -- what an ingest writes, read back ---------------------------------------------
def test_documents_and_sentences_keep_their_offsets(bench: Workbench):
    docs = bench.documents()
    assert [d.title for d in docs] == [
        "Valdoria opens Brennik desalination plant",
        "Kestrania and Valdoria agree on river patrols",
        "Valdorian budget doubles spending on water",
    ]  # ordered by publication date
    assert [d.published for d in docs] == ["2031-04-02", "2031-05-10", "2031-06-21"]
    for summary in docs:
        detail = bench.document(summary.id[:6])  # a unique prefix resolves
        assert detail.document.id == summary.id
        assert [s.index for s in detail.sentences] == list(range(len(detail.sentences))) == list(range(summary.sentence_count))
        for sentence in detail.sentences:
            assert detail.text[sentence.start : sentence.end] == sentence.text
            for entity in sentence.entities:
                assert detail.text[entity["start"] : entity["end"]] == entity["text"]
    entities = {(e["label"], e["text"]) for s in bench.document(docs[0].id).sentences for e in s.entities}
    assert ("PERSON", "Mirela Voss") in entities


def test_search_ranks_the_matching_sentence_first(bench: Workbench):
    top = bench.search("desalination plant coast", limit=5)[0]
    assert "largest on the Ostrian coast" in top.sentence.text
    assert top.document.title == "Valdoria opens Brennik desalination plant"
    assert top.score > 0
    assert "Brennik Ledger" not in top.sentence.text and top.context_after.startswith('"Every household')
    patrols = bench.search("Selva river patrols")
    assert "Selva river" in patrols[0].sentence.text
    # Query syntax of either engine is taken as plain words, never an error.
    assert bench.search('patrols" OR (NOT * -river: & | !', limit=3)
    assert bench.search("zyxwvut quorblat") == []


def test_quotes_speakers_and_dates(bench: Workbench):
    store = bench.store
    voss = store.find_speaker_ids("Mirela Voss")
    assert len(voss) == 1
    quotes = store.list_quotes(speaker="Voss")
    assert any("clean water by the summer" in q.text for q in quotes)
    assert {q.document.title for q in quotes} == {
        "Valdoria opens Brennik desalination plant", "Kestrania and Valdoria agree on river patrols"}
    speakers = {s.canonical_name: s for s in store.list_speakers()}
    assert speakers[next(s.canonical_name for s in store.list_speakers() if s.id == voss[0])].documents == 2
    assert store.list_quotes(about="grandparents pipes")[0].speaker_name.endswith("Lind")
    events = [d for d in store.dated_sentences() if d.kind == "event" and d.date == "2031-03-14"]
    assert events and "national assembly approved" in events[0].text
    annotations = store.document_annotations(bench.documents()[0].id)
    assert annotations["quotes"] and any(t["value"] == "2031-03-14" for t in annotations["time_expressions"])


def test_provenance_and_vectors(bench: Workbench):
    store = bench.store
    edges = edges_from_rows(store.provenance_edges())
    assert any(e.target_node.name == "Marrow Gazette" or "marrow" in e.target_node.key for e in edges)
    assert len(edges) == store.counts()["provenance_edges"] > 0
    one_doc = bench.documents()[1].id
    assert {e.doc_id for e in edges_from_rows(store.provenance_edges([one_doc]))} == {one_doc}
    ids, matrix = store.sentence_vectors()
    # Captions, credits and over-long runs get no vector (never evidence): body sentences only.
    assert matrix.shape[0] == len(ids) and 0 < len(ids) <= store.counts()["sentences"]
    assert matrix.shape[1] > 0
    hits = store.sentences_by_ids(ids[:3])
    assert sorted(hits) == sorted(ids[:3])
    assert all(hit.document.id == hit.sentence.doc_id for hit in hits.values())
    who = store.attributions_for(ids)
    assert any(entry.get("speaker") == "Mirela Voss" for entry in who.values())


def test_reingest_is_deduplicated(bench: Workbench, articles: Path):
    before = bench.counts()
    report = bench.ingest([str(articles)])
    assert report.ingested == [] and len(report.duplicates) == 3
    assert bench.counts() == before


def test_failed_document_write_leaves_nothing_behind(store_url: str, articles: Path, monkeypatch: pytest.MonkeyPatch):
    class BrokenVector:
        def astype(self, dtype: str) -> bytes:
            raise RuntimeError("disk on fire")

    with Workbench(store_url) as wb:
        write = wb.store.add_document

        def failing_write(annotated, prepare=None):
            # Vectors are written last, so the document, sentences, quotes and edges are already in the transaction.
            annotated.embeddings = [BrokenVector() for _ in annotated.sentences]
            return write(annotated, prepare)

        monkeypatch.setattr(wb.store, "add_document", failing_write)
        report = wb.ingest([str(articles / "harbour.txt")])  # the document is reported, the batch goes on
        assert report.ingested == [] and "disk on fire" in report.skipped[0].reason
        assert all(n == 0 for n in wb.counts().values()), wb.counts()
        monkeypatch.setattr(wb.store, "add_document", write)
        assert wb.ingest([str(articles / "harbour.txt")]).ingested  # the store is usable, nothing blocks a retry
        assert wb.counts()["documents"] == 1


def test_readonly_open_sees_the_corpus(bench: Workbench, store_url: str):
    with open_store(store_url, readonly=True) as reader:
        assert [d.id for d in reader.list_documents()] == [d.id for d in bench.documents()]
        assert reader.counts() == bench.counts()


def test_raw_rows_read_by_name_and_position(bench: Workbench):
    """``store.conn`` rows work like sqlite3.Row on both backends (benchmarks and edges_from_rows rely on it)."""
    row = bench.store.conn.execute("SELECT COUNT(*) AS n, MIN(title) AS first FROM documents").fetchone()
    assert row[0] == row["n"] == 3
    assert row["first"] == "Kestrania and Valdoria agree on river patrols"
    edge = bench.store.provenance_edges()[0]
    assert edge["s_key"] == edge[edge.keys().index("s_key")]


def test_schema_guards(store_url: str):
    with pytest.raises(StoreError, match="no claimtrace schema|no database"):
        open_store(store_url, readonly=True)  # nothing ingested yet
    with open_store(store_url) as store:
        assert store.schema_version() == 7
        store.conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2031-01-01')")
    with pytest.raises(StoreError, match="newer claimtrace"):
        open_store(store_url)


def test_processes_opening_a_new_database_together_migrate_once(pg_url: str):
    errors: list[BaseException] = []

    def open_and_close() -> None:
        try:
            open_store(pg_url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    with open_store(pg_url, readonly=True) as store:
        versions = [r["version"] for r in store.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        import claimtrace.store as store_package

        migrations = Path(store_package.__file__).parent / "migrations"
        expected = sorted(int(p.name[:4]) for p in migrations.glob("*.sql"))
        assert versions == expected


# -- both backends agree ------------------------------------------------------------
def test_postgres_reads_back_what_sqlite_does(tmp_path: Path, articles: Path, pg_url: str):
    snapshots = []
    for url in (str(tmp_path / "corpus.db"), pg_url):
        with Workbench(url) as wb:
            wb.ingest([str(articles)])
            snapshots.append(snapshot(wb))
    sqlite_view, postgres_view = snapshots
    for key in sqlite_view:
        assert postgres_view[key] == sqlite_view[key], key


# -- concurrent writers and readers --------------------------------------------------
def many_articles(count: int) -> dict[str, str]:
    """Distinct small articles sharing speakers and outlets, so writers contend for the same rows."""
    return {
        f"bulletin_{n}.txt": (
            f"Valdorian bulletin number {n}\nPosted at Jul {n + 1:02d} 2031 08:00 AM\nBy Tomas Reil | Brennik Ledger\n\n"
            f"BRENNIK - Water Minister Mirela Voss said on Monday that reservoir {n} was {40 + n} percent full.\n\n"
            f'"Reservoir {n} will last the summer," Voss said, according to the Marrow Gazette.\n'
        )
        for n in range(count)
    }


def test_concurrent_writers_and_a_reader(store_url: str, tmp_path: Path):
    batches = [write_articles(tmp_path / f"batch{i}", dict(list(many_articles(8).items())[i::2])) for i in range(2)]
    with Workbench(store_url):
        pass  # create the schema once, so the writers start on an existing store
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def write(folder: Path) -> None:
        try:
            with Workbench(store_url) as wb:
                assert len(wb.ingest([str(folder)]).ingested) == 4
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def read() -> None:
        seen = -1
        try:
            with Workbench(store_url, readonly=True) as wb:
                while writing.is_set():
                    docs = wb.documents()
                    assert len(docs) >= seen  # never goes backwards, never shows half a document
                    seen = len(docs)
                    for d in docs:
                        assert d.sentence_count > 0
                    wb.counts()
        except BaseException as exc:
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(folder,)) for folder in batches]
    reader = threading.Thread(target=read)
    reader.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join(timeout=120)
    writing.clear()
    reader.join(timeout=60)
    assert not errors, errors
    with Workbench(store_url, readonly=True) as wb:
        counts = wb.counts()
        assert counts["documents"] == 8
        assert len(wb.store.find_speaker_ids("Mirela Voss")) == 1
        assert counts["quotes"] == len(wb.store.list_quotes()) >= 8


def test_store_is_usable_after_an_interrupted_query(store_url: str) -> None:
    """Ctrl-C mid-query can leave a PostgreSQL connection with a command in progress; the ingest's
    interrupt handler calls recover_after_interrupt so the final counts (and a resume) still work."""
    with open_store(store_url) as store:
        conn = getattr(store, "conn")
        if hasattr(conn, "pgconn"):  # PostgreSQL: leave a query running, as an interrupted wait does
            conn.pgconn.send_query(b"SELECT pg_sleep(0.2)")
            with pytest.raises(Exception, match="another command is already in progress"):
                store.counts()
        store.recover_after_interrupt()
        assert store.counts()["documents"] == 0


def test_integrity_check_passes_on_both_backends(bench: Workbench) -> None:
    """SQLite: PRAGMA integrity_check and FTS5's own; PostgreSQL: amcheck on every B-tree index."""
    assert bench.store.integrity_check() == "ok"


def test_postgres_integrity_check_finds_a_row_missing_from_an_index(pg_url: str, articles: Path) -> None:
    """A row hidden from the id index (its entry dropped, as a torn write would leave it) fails amcheck."""
    with Workbench(pg_url) as wb:
        wb.ingest([str(articles)])
        conn = wb.store.conn
        conn.execute("CREATE INDEX sentences_doc_only ON sentences (doc_id)")
        conn.execute("UPDATE pg_index SET indisready = false WHERE indexrelid = 'sentences_doc_only'::regclass")
        conn.execute("INSERT INTO sentences (doc_id, idx, start, \"end\", paragraph, text) "
                     "SELECT doc_id, 999, 0, 1, 0, 'x' FROM sentences LIMIT 1")
        conn.execute("UPDATE pg_index SET indisready = true WHERE indexrelid = 'sentences_doc_only'::regclass")
        assert wb.store.integrity_check().startswith("FAILED on sentences_doc_only")
