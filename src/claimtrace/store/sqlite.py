"""SQLite store: one file a user can open with any SQLite tool.

WAL mode lets readers (the web UI, a second CLI) work during an ingest; each
document is written in one transaction, so a killed ingest never leaves half
a document behind and the next run simply continues.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from claimtrace.records import AnnotatedDocument
from claimtrace.store.base import (
    DocumentDetail,
    DocumentSummary,
    SentenceHit,
    Store,
    StoreError,
    StoredSentence,
)

_SUMMARY_COLUMNS = (
    "d.id, d.source, d.format, d.title, d.outlet, d.author, d.url, d.language, d.published, "
    "d.published_source, d.published_granularity, d.published_evidence, d.word_count"
)
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
_QUERY_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were will with".split()
)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every bundled migration, in order."""
    found = []
    for entry in resources.files("claimtrace.store.migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def fts_query(text: str) -> str | None:
    """A safe FTS5 query from free text: each word quoted, OR-ed, ranked by BM25.

    Quoting every term means user input can never be read as FTS syntax.
    """
    words = [w for w in _QUERY_WORD.findall(text.lower()) if w not in _STOPWORDS]
    if not words:
        words = _QUERY_WORD.findall(text.lower())
    if not words:
        return None
    unique = list(dict.fromkeys(words))
    return " OR ".join(f'"{w}"' for w in unique)


class SQLiteStore(Store):
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        self._vector_cache: tuple | None = None
        if readonly and not self.path.exists():
            raise StoreError(f"no database at {self.path}; run `claimtrace ingest PATH --db {self.path}` first")
        if not readonly and self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} does not exist; create it or choose another --db path")
        try:
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.conn = sqlite3.connect(uri, uri=readonly, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a claimtrace SQLite database ({exc}); choose another --db path") from exc

    # -- schema -----------------------------------------------------------
    def _migrate(self, readonly: bool) -> None:
        if not readonly:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        try:
            applied = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path} has no claimtrace schema; ingest into it first") from exc
        known = migrations()
        newest_known = max((v for v, _, _ in known), default=0)
        if applied and max(applied) > newest_known:
            raise StoreError(
                f"{self.path} was written by a newer claimtrace (schema {max(applied)} > {newest_known}); upgrade claimtrace"
            )
        pending = [m for m in known if m[0] not in applied]
        if pending and readonly:
            raise StoreError(f"{self.path} needs a schema upgrade; open it once without read-only mode")
        for version, name, sql in pending:
            # executescript cannot take parameters; the migration row is written in the same transaction.
            self.conn.executescript(
                "BEGIN;\n" + sql + f"\nINSERT INTO schema_migrations VALUES ({version}, '{name}', datetime('now'));\nCOMMIT;"
            )

    def schema_version(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    # -- writes -----------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def add_document(self, annotated: AnnotatedDocument) -> str:
        doc = annotated.document
        pub = doc.published
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        cur = self.conn.cursor()
        sentence_ids: list[int] = []
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute(
                "INSERT INTO documents (id, content_hash, source, format, title, outlet, author, url, language, "
                "published, published_source, published_granularity, published_evidence, text, word_count, "
                "repairs, removed_lines, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id, doc.content_hash, doc.source, doc.format, doc.title, doc.outlet, doc.author, doc.url,
                    doc.language, pub.value, pub.source, pub.granularity, pub.evidence, doc.text, doc.word_count,
                    json.dumps(doc.repairs), json.dumps(doc.removed_lines, ensure_ascii=False), now,
                ),
            )
            for sent in annotated.sentences:
                cur.execute(
                    "INSERT INTO sentences (doc_id, idx, start, end, paragraph, text) VALUES (?,?,?,?,?,?)",
                    (doc.id, sent.index, sent.start, sent.end, sent.paragraph, sent.text),
                )
                sentence_id = cur.lastrowid
                sentence_ids.append(sentence_id)
                cur.executemany(
                    "INSERT INTO entities (sentence_id, doc_id, start, end, label, text) VALUES (?,?,?,?,?,?)",
                    [(sentence_id, doc.id, e.start, e.end, e.label, e.text) for e in sent.entities],
                )
            if annotated.embeddings is not None and len(sentence_ids):
                from claimtrace.retrieve.embedder import STATIC_MODEL_NAME

                cur.executemany(
                    "INSERT INTO sentence_vectors (sentence_id, doc_id, model, vector) VALUES (?,?,?,?)",
                    [
                        (sid, doc.id, STATIC_MODEL_NAME, vec.astype("float16").tobytes())
                        for sid, vec in zip(sentence_ids, annotated.embeddings)
                    ],
                )
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return doc.id

    # -- reads ------------------------------------------------------------
    def _summary(self, row: sqlite3.Row) -> DocumentSummary:
        keys = row.keys()
        return DocumentSummary(
            id=row["id"], source=row["source"], format=row["format"], title=row["title"], outlet=row["outlet"],
            author=row["author"], url=row["url"], language=row["language"], published=row["published"],
            published_source=row["published_source"], published_granularity=row["published_granularity"],
            published_evidence=row["published_evidence"], word_count=row["word_count"],
            sentence_count=row["sentence_count"] if "sentence_count" in keys else 0,
        )

    def list_documents(self) -> list[DocumentSummary]:
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}, (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) AS sentence_count "
            "FROM documents d ORDER BY d.published IS NULL, d.published, d.source"
        )
        return [self._summary(r) for r in rows]

    def resolve_id(self, doc_id: str) -> str | None:
        """Full id from an id or a unique prefix of at least 4 characters."""
        if len(doc_id) < 4:
            return None
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 2",
            (doc_id, doc_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"),
        ).fetchall()
        if len(rows) != 1:
            exact = [r[0] for r in rows if r[0] == doc_id]
            return exact[0] if exact else None
        return rows[0][0]

    def get_document(self, doc_id: str) -> DocumentDetail | None:
        full = self.resolve_id(doc_id)
        if full is None:
            return None
        row = self.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}, d.text, d.repairs, d.removed_lines FROM documents d WHERE d.id = ?", (full,)
        ).fetchone()
        sentences = self._sentences(full)
        summary = self._summary(row)
        summary.sentence_count = len(sentences)
        return DocumentDetail(summary, row["text"], json.loads(row["repairs"]), json.loads(row["removed_lines"]), sentences)

    def _sentences(self, doc_id: str) -> list[StoredSentence]:
        sentences = [
            StoredSentence(r["id"], r["doc_id"], r["idx"], r["start"], r["end"], r["paragraph"], r["text"])
            for r in self.conn.execute(
                "SELECT id, doc_id, idx, start, end, paragraph, text FROM sentences WHERE doc_id = ? ORDER BY idx", (doc_id,)
            )
        ]
        by_id = {s.id: s for s in sentences}
        for e in self.conn.execute(
            "SELECT sentence_id, start, end, label, text FROM entities WHERE doc_id = ? ORDER BY start", (doc_id,)
        ):
            by_id[e["sentence_id"]].entities.append({"start": e["start"], "end": e["end"], "label": e["label"], "text": e["text"]})
        return sentences

    def search_sentences(self, query: str, limit: int = 10) -> list[SentenceHit]:
        match = fts_query(query)
        if match is None:
            return []
        rows = self.conn.execute(
            "SELECT s.id AS sid, s.doc_id, s.idx, s.start, s.end, s.paragraph, s.text AS stext, bm25(sentences_fts) AS score, "
            f"{_SUMMARY_COLUMNS} FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
            "JOIN documents d ON d.id = s.doc_id WHERE sentences_fts MATCH ? ORDER BY score LIMIT ?",
            (match, limit),
        ).fetchall()
        hits = []
        for r in rows:
            sentence = StoredSentence(r["sid"], r["doc_id"], r["idx"], r["start"], r["end"], r["paragraph"], r["stext"])
            before, after = self._neighbours(r["doc_id"], r["idx"])
            hits.append(SentenceHit(sentence, self._summary(r), -float(r["score"]), before, after))
        return hits

    def _neighbours(self, doc_id: str, idx: int) -> tuple[str, str]:
        rows = {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT idx, text FROM sentences WHERE doc_id = ? AND idx IN (?, ?)", (doc_id, idx - 1, idx + 1)
            )
        }
        return rows.get(idx - 1, ""), rows.get(idx + 1, "")

    def sentence_vectors(self) -> tuple[list[int], "np.ndarray"]:
        """All sentence ids and their vectors as one matrix, cached until the corpus changes."""
        import numpy as np

        version = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(sentence_id), 0) FROM sentence_vectors").fetchone()
        key = (version[0], version[1])
        if self._vector_cache is not None and self._vector_cache[0] == key:
            return self._vector_cache[1], self._vector_cache[2]
        ids: list[int] = []
        blobs: list[bytes] = []
        for sid, blob in self.conn.execute("SELECT sentence_id, vector FROM sentence_vectors ORDER BY sentence_id"):
            ids.append(sid)
            blobs.append(blob)
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), -1) if ids else np.zeros((0, 0), np.float16)
        self._vector_cache = (key, ids, matrix)
        return ids, matrix

    def sentences_by_ids(self, ids: list[int]) -> dict[int, SentenceHit]:
        """Sentences with their document metadata and neighbours, keyed by sentence id."""
        if not ids:
            return {}
        out: dict[int, SentenceHit] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT s.id AS sid, s.doc_id, s.idx, s.start, s.end, s.paragraph, s.text AS stext, "
                f"{_SUMMARY_COLUMNS} FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE s.id IN ({marks})",
                chunk,
            )
            for r in rows:
                sentence = StoredSentence(r["sid"], r["doc_id"], r["idx"], r["start"], r["end"], r["paragraph"], r["stext"])
                before, after = self._neighbours(r["doc_id"], r["idx"])
                out[r["sid"]] = SentenceHit(sentence, self._summary(r), 0.0, before, after)
        return out

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # table names are constants
            for table in ("documents", "sentences", "entities")
        }

    def close(self) -> None:
        self.conn.close()
