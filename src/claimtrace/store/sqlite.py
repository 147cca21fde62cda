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
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from claimtrace.records import AnnotatedDocument
from claimtrace.store import rows
from claimtrace.store.errors import AlreadyStored, sqlite_environment_error
from claimtrace.store.base import (
    DatedSentence,
    DocumentDetail,
    StoredQuote,
    StoredSpeaker,
    DocumentSummary,
    SentenceHit,
    Store,
    StoreError,
    StoredSentence,
)

_SUMMARY_COLUMNS = (
    "d.id AS d_id, d.source, d.format, d.title, d.outlet, d.author, d.url, d.language, d.published, "
    "d.published_source, d.published_granularity, d.published_evidence, d.word_count, d.translation"
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


def _sentence_index_at(starts: list[int], offset: int) -> int:
    """Index of the sentence containing a character offset (the last one starting at or before it)."""
    import bisect

    return max(0, bisect.bisect_right(starts, offset) - 1)


class SQLiteStore(Store):
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        self._vector_cache: tuple | None = None
        if readonly and not self.path.exists():
            raise StoreError(f"no database at {self.path}; run `claimtrace ingest PATH --db {self.path}` first")
        if not readonly and self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} does not exist; create it or choose another --db path")
        try:
            self.conn = self._connect(readonly)
            try:
                self._migrate(readonly)
            except sqlite3.OperationalError as exc:
                if not (readonly and getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY"))):
                    raise
                # A WAL corpus in a folder we cannot write: read-only mode cannot create the -shm file.
                # Nobody can be writing it there either, so read it as an immutable file.
                self.conn.close()
                self.conn = self._connect(readonly, immutable=True)
                self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            unavailable = sqlite_environment_error(exc, str(self.path))
            if unavailable is not None:
                raise unavailable from exc
            raise StoreError(f"{self.path} is not a claimtrace SQLite database ({exc}); choose another --db path") from exc

    def _connect(self, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
        if readonly:
            # A URI, so the path is percent-encoded: '?', '#' and '%' in a file name stay part of the name.
            uri = self.path.absolute().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
            conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    # -- schema -----------------------------------------------------------
    def _applied(self) -> set[int]:
        return {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}

    def _migrate(self, readonly: bool) -> None:
        if not readonly:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        try:
            applied = self._applied()
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
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
            try:
                self.conn.executescript(
                    "BEGIN IMMEDIATE;\n" + sql
                    + f"\nINSERT INTO schema_migrations VALUES ({version}, '{name}', datetime('now'));\nCOMMIT;"
                )
            except sqlite3.OperationalError:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if version in self._applied():
                    continue  # a concurrent process applied it while this one waited for the lock
                raise

    def schema_version(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    # -- writes -----------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def add_document(self, annotated: AnnotatedDocument, prepare: Callable[[], None] | None = None) -> str:
        """Write one document in one transaction; ``prepare`` runs first, under the write lock.

        Raises AlreadyStored when another process stored the same text meanwhile,
        and StoreUnavailable for a full disk, a lock held too long or a read-only file.
        """
        cur = self.conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")  # the write lock, held to COMMIT: concurrent ingests take turns
            try:
                if self.has_content(annotated.document.content_hash):
                    raise AlreadyStored(f"{annotated.document.id} is already stored")
                if prepare is not None:
                    prepare()
                self._write_document(cur, annotated)
                cur.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does): ROLLBACK then fails and would mask the cause.
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise
        except sqlite3.Error as exc:
            unavailable = sqlite_environment_error(exc, str(self.path))
            if unavailable is not None:
                raise unavailable from exc
            raise
        return annotated.document.id

    def _write_document(self, cur: sqlite3.Cursor, annotated: AnnotatedDocument) -> None:
        doc = annotated.document
        pub = doc.published
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        sentence_ids: list[int] = []
        cur.execute(
            "INSERT INTO documents (id, content_hash, source, format, title, outlet, author, url, language, "
            "published, published_source, published_granularity, published_evidence, text, word_count, "
            "repairs, removed_lines, ingested_at, translation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id, doc.content_hash, doc.source, doc.format, doc.title, doc.outlet, doc.author, doc.url,
                doc.language, pub.value, pub.source, pub.granularity, pub.evidence, doc.text, doc.word_count,
                json.dumps(doc.repairs), json.dumps(doc.removed_lines, ensure_ascii=False), now, doc.translation,
            ),
        )
        for sent in annotated.sentences:
            cur.execute(
                "INSERT INTO sentences (doc_id, idx, start, end, paragraph, text, overlong, role) VALUES (?,?,?,?,?,?,?,?)",
                (doc.id, sent.index, sent.start, sent.end, sent.paragraph, sent.text, int(sent.overlong), sent.role),
            )
            sentence_id = cur.lastrowid
            sentence_ids.append(sentence_id)
            cur.executemany(
                "INSERT INTO entities (sentence_id, doc_id, start, end, label, text) VALUES (?,?,?,?,?,?)",
                [(sentence_id, doc.id, e.start, e.end, e.label, e.text) for e in sent.entities],
            )
        self._write_quotes_and_time(cur, annotated, sentence_ids)
        if annotated.citations:
            from claimtrace.provenance.storage import EDGE_INSERT_SQL, NODE_UPSERT_SQL, edge_rows, node_rows

            cur.executemany(NODE_UPSERT_SQL, node_rows(annotated.citations))
            cur.executemany(EDGE_INSERT_SQL, edge_rows(annotated.citations, sentence_ids))
        vectors = rows.evidence_vectors(annotated, sentence_ids)
        if vectors:
            cur.executemany("INSERT INTO sentence_vectors (sentence_id, doc_id, model, vector) VALUES (?,?,?,?)", vectors)

    def lock_speaker_registry(self) -> int:
        """Bump the speaker registry's version inside the current write; return the version found."""
        return self.conn.execute("UPDATE speaker_registry SET version = version + 1 RETURNING version - 1").fetchone()[0]

    def speaker_keys(self) -> list[tuple[str, str]]:
        """The registry's name keys, in the order they were stored."""
        return [(r[0], r[1]) for r in self.conn.execute("SELECT key, speaker_id FROM speaker_keys ORDER BY rowid")]

    def _write_quotes_and_time(self, cur: sqlite3.Cursor, annotated: AnnotatedDocument, sentence_ids: list[int]) -> None:
        doc_id = annotated.document.id
        sid = dict(enumerate(sentence_ids))
        for profile in annotated.speakers:
            cur.execute(
                "INSERT INTO speakers (id, canonical_name, type, roles, affiliations, aliases) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET canonical_name=excluded.canonical_name, type=excluded.type, "
                "roles=excluded.roles, affiliations=excluded.affiliations, aliases=excluded.aliases",
                (
                    profile.id, profile.canonical_name, profile.type, json.dumps(profile.roles, ensure_ascii=False),
                    json.dumps(profile.affiliations, ensure_ascii=False), json.dumps(profile.aliases, ensure_ascii=False),
                ),
            )
        cur.executemany(
            "INSERT INTO speaker_keys (key, speaker_id) VALUES (?,?) ON CONFLICT(key) DO NOTHING", annotated.speaker_keys
        )
        dates = annotated.quote_dates or [None] * len(annotated.quotes)
        for q, when in zip(annotated.quotes, dates):
            sp = q.speaker
            cur.execute(
                "INSERT INTO quotes (doc_id, sentence_id, sentence_index, content_start, content_end, text, kind, cue, "
                "cue_start, cue_end, speaker_id, speaker_text, speaker_start, speaker_end, speaker_name, speaker_type, "
                "speaker_role, speaker_affiliation, carried, stated_date_text, said_on, said_on_granularity, said_on_range_end, "
                "said_on_basis, said_on_text, said_on_estimated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc_id, sid.get(q.sentence_index), q.sentence_index, q.content_start, q.content_end, q.text, q.kind,
                    q.cue, q.cue_start, q.cue_end, q.speaker_id, sp.text, sp.start, sp.end, sp.canonical, sp.type,
                    sp.role, sp.affiliation, int(bool(q.carried)), q.stated_date_text,
                    getattr(when, "value", None), getattr(when, "granularity", None), getattr(when, "range_end", None),
                    getattr(when, "basis", None),
                    getattr(when, "expression_text", None), int(bool(getattr(when, "estimated_base", False))),
                ),
            )
        starts = [s.start for s in annotated.sentences]
        for e in annotated.time_expressions:
            index = _sentence_index_at(starts, e.start)
            cur.execute(
                "INSERT INTO time_expressions (doc_id, sentence_id, start, end, text, value, granularity, range_end, kind, "
                "estimated_base) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (doc_id, sid.get(index), e.start, e.end, e.text, e.value, e.granularity, e.range_end, e.kind,
                 int(bool(e.estimated_base))),
            )
        for index, when in annotated.sentence_dates.items():
            if index in sid:
                cur.execute(
                    "INSERT INTO sentence_dates (sentence_id, doc_id, value, granularity, range_end, basis, expression_text, "
                    "estimated_base) VALUES (?,?,?,?,?,?,?,?)",
                    (sid[index], doc_id, when.value, when.granularity, when.range_end, when.basis, when.expression_text,
                     int(bool(when.estimated_base))),
                )

    # -- reads ------------------------------------------------------------
    @staticmethod
    def _summary(row) -> DocumentSummary:
        return rows.summary(row)

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
            "JOIN documents d ON d.id = s.doc_id WHERE sentences_fts MATCH ? AND s.role = 'body' ORDER BY score LIMIT ?",
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

    # -- quotes, speakers, time --------------------------------------------
    def attributions_for(self, sentence_ids: list[int]) -> dict[int, dict[str, object]]:
        """Who said each sentence (a quote overlapping it) and when, for the claim check."""
        out: dict[int, dict[str, object]] = {}
        for chunk_start in range(0, len(sentence_ids), 500):
            chunk = sentence_ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                "SELECT s.id AS sid, q.speaker_id, q.speaker_name, q.speaker_type, q.speaker_role, q.kind, q.said_on, "
                "q.said_on_basis, sp.canonical_name FROM sentences s JOIN quotes q ON q.doc_id = s.doc_id "
                "AND q.content_start < s.end AND q.content_end > s.start LEFT JOIN speakers sp ON sp.id = q.speaker_id "
                f"WHERE s.id IN ({marks}) ORDER BY s.id, q.content_start",
                chunk,
            ):
                out.setdefault(r["sid"], rows.attribution(r))
            for r in self.conn.execute(
                f"SELECT sentence_id, value, basis FROM sentence_dates WHERE sentence_id IN ({marks}) AND value IS NOT NULL",
                chunk,
            ):
                rows.merge_sentence_date(out, r)
        return out

    def list_quotes(
        self, speaker: str | None = None, about: str | None = None, doc_id: str | None = None, limit: int = 1000
    ) -> list[StoredQuote]:
        """Quotes filtered by speaker (name, alias or id), words in the content, and document."""
        where: list[str] = []
        params: list[object] = []
        if speaker:
            ids = self.find_speaker_ids(speaker)
            if not ids:
                return []
            where.append(f"q.speaker_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if doc_id:
            full = self.resolve_id(doc_id)
            if full is None:
                return []
            where.append("q.doc_id = ?")
            params.append(full)
        if about:
            for word in _QUERY_WORD.findall(about.lower()):
                if word not in _STOPWORDS:
                    where.append("lower(q.text) LIKE ? ESCAPE '\\'")
                    params.append("%" + word.replace("%", "\\%").replace("_", "\\_") + "%")
        sql = (
            "SELECT q.id AS qid, q.*, q.text AS qtext, sp.canonical_name, "
            f"{_SUMMARY_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id "
            "LEFT JOIN speakers sp ON sp.id = q.speaker_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY COALESCE(q.said_on, d.published) IS NULL, COALESCE(q.said_on, d.published), q.doc_id, q.content_start LIMIT ?"
        )
        params.append(limit)
        return [rows.quote(r, with_document=True) for r in self.conn.execute(sql, params)]

    def find_speaker_ids(self, name: str) -> list[str]:
        """Speaker ids whose id, name or an alias matches (case-insensitive, substring of the name)."""
        return rows.matching_speaker_ids(self.conn.execute("SELECT id, canonical_name, aliases FROM speakers"), name, json.loads)

    def list_speakers(self) -> list[StoredSpeaker]:
        found = self.conn.execute(
            "SELECT sp.*, COUNT(q.id) AS n_quotes, COUNT(DISTINCT q.doc_id) AS n_docs FROM speakers sp "
            "LEFT JOIN quotes q ON q.speaker_id = sp.id GROUP BY sp.id ORDER BY n_quotes DESC, sp.canonical_name"
        )
        return [rows.speaker(r, json.loads) for r in found]

    def dated_sentences(self) -> list[DatedSentence]:
        """Every dated statement (quote) and event sentence, with its document, for the timeline."""
        out: list[DatedSentence] = []
        for r in self.conn.execute(
            "SELECT q.id AS qid, q.*, q.text AS qtext, sp.canonical_name, "
            f"{_SUMMARY_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN speakers sp ON sp.id = q.speaker_id"
        ):
            out.append(rows.statement(r))
        for r in self.conn.execute(
            "SELECT sd.value, sd.granularity, sd.range_end, sd.basis, sd.estimated_base, sd.expression_text, s.text AS stext, s.idx, "
            f"{_SUMMARY_COLUMNS} FROM sentence_dates sd JOIN sentences s ON s.id = sd.sentence_id "
            "JOIN documents d ON d.id = sd.doc_id WHERE s.role = 'body' AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.sentence_id = sd.sentence_id)"
        ):
            out.append(rows.event(r))
        return out

    def document_annotations(self, doc_id: str) -> dict[str, list[dict[str, object]]]:
        """Quotes and time expressions of one document, for highlighting in the UI and `show`."""
        quotes = [
            rows.quote_annotation(r)
            for r in self.conn.execute(
                "SELECT q.*, sp.canonical_name FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id "
                "WHERE q.doc_id = ? ORDER BY q.content_start", (doc_id,))
        ]
        times = [
            rows.time_annotation(r)
            for r in self.conn.execute("SELECT * FROM time_expressions WHERE doc_id = ? ORDER BY start", (doc_id,))
        ]
        return {"quotes": quotes, "time_expressions": times}

    def provenance_edges(self, doc_ids: list[str] | None = None) -> list[sqlite3.Row]:
        """Stored citation edges with both end nodes, optionally only those shown by some documents."""
        from claimtrace.provenance.storage import EDGE_SELECT_SQL

        if not doc_ids:
            return self.conn.execute(EDGE_SELECT_SQL + " ORDER BY e.id").fetchall()
        marks = ",".join("?" * len(doc_ids))
        return self.conn.execute(EDGE_SELECT_SQL + f" WHERE e.doc_id IN ({marks}) ORDER BY e.id", doc_ids).fetchall()

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # table names are constants
            for table in ("documents", "sentences", "entities", "quotes", "speakers", "time_expressions", "provenance_edges")
        }

    def close(self) -> None:
        self.conn.close()
