"""PostgreSQL store: the same interface as the SQLite store, for a shared server.

Many ingest workers and web servers can use one database at once: each
document is written in one transaction (a failed write leaves nothing
behind), rows that several documents share (speakers, provenance nodes) are
upserted in a fixed order so concurrent writers cannot deadlock, and
migrations take an advisory lock so two processes opening a new database do
not both apply them. Full-text search uses a stored ``tsvector`` column with a
GIN index, ranked by distinct query words matched, then ``ts_rank_cd``. The
statements are ``store.sql``'s; this module holds what only PostgreSQL does.

A store holds one connection, like ``SQLiteStore``: give each thread its own
store (the web server's ``WorkbenchPool`` does).
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import pq

from claimtrace.store.base import SentenceHit, StoreError
from claimtrace.store.dialect import postgres_dialect
from claimtrace.store.sql import SENTENCE_COLUMNS, SQLStore, hit, or_query, with_context
from claimtrace.store.sql import migrations as sql_migrations

class _RollbackAfterInterrupt(logging.Filter):
    """Drop psycopg's "error ignored in rollback" warnings. A Ctrl-C in the middle of a query leaves a
    command in progress, so the rollback on the way out fails. The server aborts the transaction anyway, and
    the interrupt (or the error that caused the rollback) is what gets reported, on its one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("error ignored in rollback")


for _name in ("psycopg", "psycopg.transaction"):  # a logger's filters apply to its own records only
    logging.getLogger(_name).addFilter(_RollbackAfterInterrupt())

# Estimated posting checks the tier passes of ``PostgresStore.candidates`` may spend on one search: a pass
# for "at least k of the n lexemes" visits the postings of the n - k + 1 rarest and tests C(n, k)
# conjunctions of k on each. About 0.1 s at a million sentences on the bench machine (bench/scale.py).
TIER_COST_BUDGET = 5_000_000
_PLAIN_LEXEME = re.compile(r"^\w+$")
# Any constant shared by every claimtrace process: serialises schema upgrades across processes.
_MIGRATION_LOCK = 0x636C_6169_6D74

# Ranking without corpus statistics, close to SQLite's BM25: sentences matching more distinct query words first
# (what IDF mostly decides for short queries), then ts_rank_cd divided by 1 + log(sentence length) (normalisation 1),
# squashed into [0, 1) so it only breaks ties. On the demo corpus plus this repository's test articles, 12 queries:
# the same top hit as BM25 for 10 (5 with plain ts_rank_cd), 45 of 60 top-5 hits shared (32 with plain ts_rank_cd).
# The words matched are counted by INTERSECT (hashed), not by testing each lexeme against ANY(query lexemes): on the
# 1M-sentence bench store, ranking 1,000 candidates took 0.11-0.23 s that way and 0.04-0.06 s this way, same order.
_RANKED = (
    f"SELECT {SENTENCE_COLUMNS}, "
    "cardinality(ARRAY(SELECT unnest(tsvector_to_array(s.tsv)) INTERSECT SELECT unnest(q.lexemes))) "
    "+ ts_rank_cd(s.tsv, q.query, 1) / (1 + ts_rank_cd(s.tsv, q.query, 1)) AS score "
    "FROM (SELECT websearch_to_tsquery('english', %(words)s) AS query, "
    "tsvector_to_array(to_tsvector('english', %(words)s)) AS lexemes) AS q "
    "JOIN sentences s ON {source} ORDER BY score DESC, s.id LIMIT %(limit)s"
)


class Row:
    """A result row read by column name or by position, like ``sqlite3.Row``.

    The statements of ``store.sql`` read rows by name (``row["s_key"]``) and
    both backends' rows answer alike. As in sqlite3.Row, the first column of
    a repeated name wins.
    """

    __slots__ = ("_index", "_values")

    def __init__(self, index: Mapping[str, int], values: Sequence[Any]):
        self._index = index
        self._values = values

    def __getitem__(self, key: str | int | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self._values == other._values and self._index == other._index

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, (self[k] for k in self._index)))!r})"


def row_factory(cursor: psycopg.Cursor[Any]):
    """psycopg row factory making ``Row``s; the name-to-position map is built once per result."""
    index: dict[str, int] = {}
    for position, column in enumerate(cursor.description or ()):
        index.setdefault(column.name, position)
    return lambda values: Row(index, values)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every bundled migration, in order, in PostgreSQL's SQL."""
    return sql_migrations(postgres_dialect())


def _display_url(url: str) -> str:
    """The URL without its password, for error messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


class PostgresStore(SQLStore):
    """A claimtrace corpus in a PostgreSQL database named by a ``postgresql://`` URL."""

    def __init__(self, url: str, readonly: bool = False):
        self.url = url
        self.dialect = postgres_dialect()
        self._vector_cache = None
        self._options = "-c default_transaction_read_only=on" if readonly else None
        self.conn: psycopg.Connection[Row] = self._connect()
        try:
            self._migrate(readonly)
        except BaseException:
            self.conn.close()
            raise

    def where(self) -> str:
        return _display_url(self.url)

    def _connect(self) -> psycopg.Connection[Row]:
        try:
            return psycopg.connect(self.url, autocommit=True, row_factory=row_factory, options=self._options, connect_timeout=10)
        except psycopg.Error as exc:
            # libpq's message spans lines (a hint on the next one); the CLI shows one line.
            reason = " ".join(str(exc).split())
            raise StoreError(f"cannot connect to {_display_url(self.url)}: {reason}") from exc

    # -- schema -----------------------------------------------------------
    def _applied(self) -> set[int]:
        return {r["version"] for r in self.conn.execute("SELECT version FROM schema_migrations")}

    def _migrate(self, readonly: bool) -> None:
        known = migrations()
        newest_known = max((v for v, _, _ in known), default=0)
        exists = self.conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL AS found").fetchone()["found"]
        if readonly:
            if not exists:
                raise StoreError(f"{self.where()} has no claimtrace schema; ingest into it first")
            applied = self._applied()
            self._check_not_newer(applied, newest_known)
            if any(v not in applied for v, _, _ in known):
                raise StoreError(f"{self.where()} needs a schema upgrade; open it once without read-only mode")
            return
        with self.conn.transaction():
            # Holding the lock until commit makes a second process wait, then see the versions applied.
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            applied = self._applied()
            self._check_not_newer(applied, newest_known)
            for version, name, sql in known:
                if version not in applied:
                    self.conn.execute(sql)  # no parameters: several statements in one call
                    self.conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))

    def _check_not_newer(self, applied: set[int], newest_known: int) -> None:
        if applied and max(applied) > newest_known:
            raise StoreError(
                f"{self.where()} was written by a newer claimtrace "
                f"(schema {max(applied)} > {newest_known}); upgrade claimtrace"
            )

    # -- transactions -----------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; a savepoint inside an open one, so a caller can group several documents' writes."""
        with self.conn.transaction():
            yield

    def recover_after_interrupt(self) -> None:
        """Ctrl-C in the middle of a query can leave psycopg with a command still in progress, and every
        later query on the connection fails ("another command is already in progress"). Nothing
        half-written was committed; a fresh session keeps the store usable for what follows."""
        if self.conn.closed or self.conn.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            self.conn.close()
            self.conn = self._connect()

    def _insert_returning_ids(self, cur: Any, statement: str, params: list[tuple[Any, ...]]) -> list[int]:
        """One pipelined batch; the ids in row order."""
        ids: list[int] = []
        if params:
            cur.executemany(self.dialect.sql(statement), params, returning=True)
            while True:
                ids.append(cur.fetchone()[0])
                if not cur.nextset():
                    break
        return ids

    # -- full-text search (tsvector, GIN) -----------------------------------
    def _matches(self, groups: list[list[str]], limit: int) -> list[int]:
        # A GIN bitmap scan; LIMIT stops the heap visits after ``limit`` rows, which come in physical order.
        # websearch_to_tsquery reads '"a" "b" or "c"' as 'a' & 'b' | 'c'.
        match = " or ".join(" ".join(f'"{w}"' for w in group) for group in groups)
        return [r["id"] for r in self.conn.execute(
            "SELECT id FROM sentences WHERE tsv @@ websearch_to_tsquery('english', %s) AND role = 'body' LIMIT %s", (match, limit)
        )]

    def candidates(self, words: list[str], cap: int, limit: int) -> tuple[list[int], dict[str, float]] | None:
        """As ``SQLStore.candidates``, but each word's number of matches is the planner's (``pg_stats`` of the
        ``tsv`` column: ANALYZE's most common lexemes and their frequencies), so no word's matches are read
        unless it is among the rarest: a bitmap heap scan visits a heap page per match, which dominates.

        The ranking counts the query's lexemes a sentence holds first (``_RANKED``), so the candidates are
        taken in that order: the sentences holding all n lexemes, then at least n - 1, and so on (one
        LIMITed GIN pass per tier, ``_tier_candidates``) until ``limit`` are found or the tiers would cost
        more than ``TIER_COST_BUDGET``; then, if still short, the sentences holding the three rarest words,
        the two rarest, the rarest, stopping once ``max(limit, cap / 4)`` are found.

        A word the statistics do not list is looked up first (one LIMITed pass) and dropped when no
        sentence holds it.
        """
        stats = self.conn.execute(
            "SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, c.reltuples AS rows "
            "FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename AND c.relkind = 'r' "
            "WHERE s.schemaname = current_schema() AND s.tablename = 'sentences' AND s.attname = 'tsv'"
        ).fetchone()
        if stats is None or not stats["elems"] or not stats["rows"] or stats["rows"] <= cap:
            return super().candidates(words, cap, limit)  # never analyzed, or small: count the words' matches
        rows_n = float(stats["rows"])
        share = dict(zip(stats["elems"], stats["freqs"]))
        unlisted = min(stats["freqs"][: len(stats["elems"])]) / 2  # below every listed lexeme's frequency
        frequency: dict[str, float] = {}
        lexeme_frequency: dict[str, float] = {}
        for r in self.conn.execute(
            "SELECT w, tsvector_to_array(to_tsvector('english', w)) AS lexemes FROM unnest(%s::text[]) AS w", (words,)
        ):
            if not r["lexemes"]:
                continue  # a stopword has none and matches nothing
            if any(lexeme not in share for lexeme in r["lexemes"]) and not self._matches([[r["w"]]], 1):
                continue  # unlisted and held by no sentence ('3' and '200' of '3,200'): as the rarest word it would empty every pass
            frequency[r["w"]] = rows_n * min(share.get(lexeme, unlisted) for lexeme in r["lexemes"])
            lexeme_frequency.update({lexeme: rows_n * share.get(lexeme, unlisted) for lexeme in r["lexemes"]})
        if sum(frequency.values()) <= cap:
            return None
        found = dict.fromkeys(self._tier_candidates(lexeme_frequency, cap, limit))
        if len(found) < limit:
            rarest = sorted(frequency, key=lambda w: frequency[w])
            want = max(limit, cap // 4)
            for k in range(min(3, len(rarest)), 0, -1):
                found.update(dict.fromkeys(self._matches([rarest[:k]], cap)))
                if len(found) >= want:
                    break
        return list(found)[:cap], frequency

    def _tier_candidates(self, lexeme_frequency: dict[str, float], cap: int, limit: int) -> list[int]:
        """Sentences holding all of the lexemes, then at least all but one, ..., at most ``cap`` per tier, until
        ``limit`` are found or the next tier would pass ``TIER_COST_BUDGET`` (estimated from the lexemes'
        frequencies: a tier's GIN pass visits the postings of its n - k + 1 rarest lexemes and tests each
        against C(n, k) conjunctions of k). A full tier's first ``cap`` come in physical (id) order, as the
        ranking breaks its ties."""
        lexemes = sorted((x for x in lexeme_frequency if _PLAIN_LEXEME.match(x)), key=lambda x: (lexeme_frequency[x], x))
        n = len(lexemes)
        found: dict[int, None] = {}
        spent = 0.0
        for k in range(n, 0, -1):
            conjunctions = math.comb(n, k)
            cost = sum(lexeme_frequency[x] for x in lexemes[: n - k + 1]) * conjunctions * k
            if spent + cost > TIER_COST_BUDGET:
                break
            spent += cost
            query = " | ".join("(" + " & ".join(f"'{x}'" for x in group) + ")" for group in itertools.combinations(lexemes, k))
            found.update(dict.fromkeys(r["id"] for r in self.conn.execute(
                "SELECT id FROM sentences WHERE tsv @@ %s::tsquery AND role = 'body' LIMIT %s", (query, cap)
            )))
            if len(found) >= limit:
                break
        return list(found)

    @staticmethod
    def word_weight(frequency: float, rows: int) -> float:
        """Each word counts 1 (the score counts distinct words matched first); rarity only breaks ties."""
        return 1.0 + SQLStore.word_weight(frequency, rows) / 100

    def _ranked_sql(self, words: list[str], limit: int) -> tuple[str, dict[str, Any]]:
        return _RANKED.format(source="s.tsv @@ q.query AND s.role = 'body'"), {"words": or_query(words), "limit": limit}

    def _rank_candidates(self, words: list[str], ids: list[int], frequency: dict[str, float], limit: int) -> list[SentenceHit]:
        statement = _RANKED.format(source="s.id = ANY(%(ids)s) AND s.tsv @@ q.query")
        params = {"words": or_query(words), "limit": limit, "ids": ids}
        return [hit(r, float(r["score"])) for r in self.conn.execute(with_context(statement) + " ORDER BY h.score DESC, h.sid", params)]

    # -- bulk loads (benchmarks) ------------------------------------------
    def bulk_load(self, batches: Iterable[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, int, bytes]]]],
                  model: str) -> None:
        """Append synthetic documents without the NLP, with COPY (see SQLiteStore.bulk_load for the rows).
        The GIN index is dropped for the load and built once at the end: far faster than per-row updates."""
        self.conn.execute("DROP INDEX IF EXISTS sentences_tsv")
        try:
            for documents, sentences, vectors in batches:
                with self.conn.transaction(), self.conn.cursor() as cur:
                    with cur.copy("COPY documents (id, content_hash, source, format, title, outlet, published, "
                                  "published_source, published_granularity, text, word_count) FROM STDIN") as cp:
                        for row in documents:
                            cp.write_row(row)
                    with cur.copy('COPY sentences (doc_id, idx, start, "end", paragraph, text) FROM STDIN') as cp:
                        for row in sentences:
                            cp.write_row(row)
                    cur.execute("CREATE TEMP TABLE IF NOT EXISTS bulk_vectors (doc_id TEXT, idx INTEGER, vector BYTEA)")
                    cur.execute("TRUNCATE bulk_vectors")
                    with cur.copy("COPY bulk_vectors (doc_id, idx, vector) FROM STDIN") as cp:
                        for row in vectors:
                            cp.write_row(row)
                    cur.execute(
                        "INSERT INTO sentence_vectors (sentence_id, doc_id, model, vector) SELECT s.id, s.doc_id, %s, "
                        "b.vector FROM bulk_vectors b JOIN sentences s ON s.doc_id = b.doc_id AND s.idx = b.idx",
                        (model,),
                    )
        finally:
            self.conn.execute("CREATE INDEX IF NOT EXISTS sentences_tsv ON sentences USING GIN (tsv)")

    def integrity_check(self) -> str:
        """'ok' when amcheck's ``bt_index_check`` passes on every B-tree index of the database, with
        heapallindexed (each table row is found in each of its indexes): PostgreSQL has no PRAGMA
        integrity_check. Needs the right to CREATE EXTENSION amcheck; says 'n/a (...)' when it is missing."""
        try:
            self.conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except psycopg.Error as exc:
            return f"n/a (amcheck: {exc.diag.message_primary})"
        names = [r[0] for r in self.conn.execute(
            "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE a.amname = 'btree' AND i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
        ).fetchall()]
        for name in names:
            try:
                self.conn.execute("SELECT bt_index_check(%s::regclass, true)", (name,))
            except psycopg.Error as exc:
                return f"FAILED on {name}: {exc.diag.message_primary}"
        return "ok"

    def optimize(self) -> None:
        """Settle the store after a bulk load: VACUUM (ANALYZE), as autovacuum would in time."""
        self.conn.execute("VACUUM (ANALYZE)")
