"""SQLite store: one file a user can open with any SQLite tool.

WAL mode lets readers (the web UI, a second CLI) work during an ingest; each
document is written in one transaction, so a killed ingest never leaves half
a document behind and the next run simply continues. The statements are
``store.sql``'s; this module holds what only SQLite does: opening the file,
migrating it, ``BEGIN IMMEDIATE`` transactions, and FTS5 search.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from claimtrace.store.base import SentenceHit, StoreError
from claimtrace.store.dialect import sqlite_dialect
from claimtrace.store.errors import sqlite_environment_error
from claimtrace.store.sql import SENTENCE_COLUMNS, SQLStore, chunks, fts_query, or_query
from claimtrace.store.sql import migrations as sql_migrations

__all__ = ["SQLiteStore", "fts_query", "migrations"]

TOKENIZER = "porter unicode61 remove_diacritics 2"  # as migration 0001 declares for sentences_fts
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's bm25() constants


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every bundled migration, in order, in SQLite's SQL."""
    return sql_migrations(sqlite_dialect())


def _varints(blob: bytes, count: int) -> list[int]:
    """The first ``count`` SQLite varints of a blob (big-endian groups of 7 bits, a 9th byte of 8), zeros past its end."""
    values: list[int] = []
    position = 0
    data = bytes(blob)
    while position < len(data) and len(values) < count:
        value = 0
        for k in range(9):
            byte = data[position]
            position += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values + [0] * (count - len(values))


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        self.dialect = sqlite_dialect()
        self._vector_cache = None
        self._savepoints = 0
        self._rank_tables = False
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

    def where(self) -> str:
        return str(self.path)

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
            except (sqlite3.OperationalError, sqlite3.IntegrityError):
                # A concurrent process applied it while this one waited for the lock: a migration of
                # "IF NOT EXISTS" statements then runs again cleanly and only its version row collides.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if version in self._applied():
                    continue
                raise

    # -- transactions -----------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` (the write lock, held to COMMIT: concurrent writers take turns), or a savepoint
        inside an open transaction, so a caller can group several documents' writes into one."""
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"claimtrace_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            finally:
                self._savepoints -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): ROLLBACK then fails and would mask the cause.
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _insert_returning_ids(self, cur: Any, statement: str, params: list[tuple[Any, ...]]) -> list[int]:
        # sqlite3's executemany returns no rows: one statement a row (all inside the open transaction).
        return [cur.execute(statement, row).fetchone()[0] for row in params]

    # -- full-text search (FTS5, BM25) --------------------------------------
    def _matches(self, groups: list[list[str]], limit: int) -> list[int]:
        # Without ORDER BY rank FTS5 walks the doclists lazily, in rowid order: LIMIT stops it early.
        match = " OR ".join("(" + " AND ".join(f'"{w}"' for w in group) + ")" for group in groups)
        return [r[0] for r in self.conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT ?", (match, limit))]

    def _ranked_sql(self, words: list[str], limit: int) -> tuple[str, dict[str, Any]]:
        statement = (
            f"SELECT {SENTENCE_COLUMNS}, -bm25(sentences_fts) AS score FROM sentences_fts "
            "JOIN sentences s ON s.id = sentences_fts.rowid "
            "WHERE sentences_fts MATCH :words AND s.role = 'body' ORDER BY score DESC, s.id LIMIT :limit"
        )
        return statement, {"words": or_query(words), "limit": limit}

    @staticmethod
    def length_factor(length: float, average: float) -> float | None:
        """BM25's length normalisation for a word found once (characters standing in for FTS5's tokens)."""
        return (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * length / max(average, 1e-9)))

    def _rank_candidates(self, words: list[str], ids: list[int], frequency: dict[str, float], limit: int) -> list[SentenceHit]:
        """FTS5's ``bm25()`` would score every row the query matches, so the candidates are scored here, with
        FTS5's own BM25 formula, terms, lengths and statistics: the scores ``-bm25(sentences_fts)`` gives them."""
        texts: list[tuple[int, str]] = []
        for chunk in chunks(ids):
            test, params = self._where_in("id", chunk)
            texts.extend((r[0], r[1]) for r in self._run(f"SELECT id, text FROM sentences WHERE {test} AND role = 'body'", params))
        scores = self._bm25(words, texts, frequency)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        found = self.sentences_by_ids([sid for sid, _ in best])
        return [replace(found[sid], score=score) for sid, score in best if sid in found]

    def _bm25(self, words: list[str], candidates: list[tuple[int, str]], frequency: dict[str, float]) -> dict[int, float]:
        """FTS5's BM25 of each candidate for the query ``"w1" OR "w2" ...``.

        A TEMP contentless FTS5 table with the corpus's tokenizer tokenizes the query words (each its own
        phrase, as FTS5 reads the query) and the candidates, so terms and lengths are FTS5's own; each word's
        document frequency is ``frequency``'s (exact up to the candidates' postings bound, else estimated), the
        row count and average length come from the index's averages record.
        """
        conn = self.conn
        if not self._rank_tables:
            conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_text USING fts5(text, content='', tokenize='{TOKENIZER}')")
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_terms USING fts5vocab('temp', 'rank_text', 'instance')")
            self._rank_tables = True
        with self._temp_writes():
            conn.execute("INSERT INTO temp.rank_text (rank_text) VALUES ('delete-all')")
            conn.executemany("INSERT INTO temp.rank_text (rowid, text) VALUES (?, ?)", [(-1 - i, w) for i, w in enumerate(words)])
            phrases = [(words[-1 - r[0]], r[1]) for r in conn.execute("SELECT doc, term FROM temp.rank_terms ORDER BY doc DESC")]
            conn.execute("INSERT INTO temp.rank_text (rank_text) VALUES ('delete-all')")
            conn.executemany("INSERT INTO temp.rank_text (rowid, text) VALUES (?, ?)", candidates)
            counts: dict[tuple[int, str], int] = {}
            for term in {term for _, term in phrases}:
                for (doc,) in conn.execute("SELECT doc FROM temp.rank_terms WHERE term = ?", (term,)):
                    counts[(doc, term)] = counts.get((doc, term), 0) + 1
            length = {r[0]: _varints(r[1], 1)[0] for r in conn.execute("SELECT id, sz FROM temp.rank_text_docsize")}
            conn.execute("INSERT INTO temp.rank_text (rank_text) VALUES ('delete-all')")
        block = conn.execute("SELECT block FROM sentences_fts_data WHERE id = 1").fetchone()
        n_rows, n_tokens = _varints(block[0] if block else b"", 2)
        average = n_tokens / n_rows if n_rows else 1.0
        weights = []
        for word, term in phrases:
            hits = frequency.get(word, 0.0)
            idf = math.log((n_rows - hits + 0.5) / (hits + 0.5))
            weights.append((term, idf if idf > 0 else 1e-6))
        scores = {}
        for sid, _ in candidates:
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length.get(sid, 0) / average)
            total = 0.0
            for term, idf in weights:
                tf = counts.get((sid, term), 0)
                if tf:
                    total += idf * tf * (BM25_K1 + 1) / (tf + norm)
            scores[sid] = total
        return scores

    @contextmanager
    def _temp_writes(self) -> Iterator[None]:
        """Writes to TEMP tables: their own transaction unless one is open (a read-only file allows them)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    # -- bulk loads (benchmarks) ------------------------------------------
    def bulk_load(self, batches: Iterable[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, int, bytes]]]],
                  model: str) -> None:
        """Append synthetic documents without the NLP, one transaction a batch of (``documents`` rows (id,
        content_hash, source, format, title, outlet, published, published_source, published_granularity, text,
        word_count), ``sentences`` rows (doc_id, idx, start, end, paragraph, text), ``vectors`` (doc_id, idx,
        float16 bytes))."""
        for documents, sentences, vectors in batches:
            with self.transaction():
                cur = self.conn.cursor()
                cur.executemany(
                    "INSERT INTO documents (id, content_hash, source, format, title, outlet, published, published_source, "
                    "published_granularity, text, word_count, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,datetime('now'))",
                    documents,
                )
                new_ids = self._insert_returning_ids(
                    cur, 'INSERT INTO sentences (doc_id, idx, start, "end", paragraph, text) VALUES (?,?,?,?,?,?) RETURNING id',
                    sentences,
                )
                ids = dict(zip(((r[0], r[1]) for r in sentences), new_ids))
                cur.executemany(
                    "INSERT INTO sentence_vectors (sentence_id, doc_id, model, vector) VALUES (?,?,?,?)",
                    [(ids[(doc_id, idx)], doc_id, model, blob) for doc_id, idx, blob in vectors],
                )

    def integrity_check(self) -> str:
        """PRAGMA integrity_check's verdict; the FTS5 index is checked against the sentences too (raises if broken)."""
        verdict = self.conn.execute("PRAGMA integrity_check").fetchone()[0]
        self.conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
        return verdict

    def optimize(self) -> None:
        """Settle the store after a bulk load: merge the FTS5 segments into one, refresh the planner's statistics."""
        self.conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('optimize')")
        self.conn.execute("ANALYZE")
