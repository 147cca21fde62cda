"""PostgreSQL store: the same interface as the SQLite store, for a shared server.

Many ingest workers and web servers can use one database at once: each
document is written in one transaction (a failed write leaves nothing
behind), rows that several documents share (speakers, provenance nodes) are
upserted in a fixed order so concurrent writers cannot deadlock, and
migrations take an advisory lock so two processes opening a new database do
not both apply them. Full-text search uses a stored ``tsvector`` column with a
GIN index, ranked by distinct query words matched, then ``ts_rank_cd``.

A store holds one connection, like ``SQLiteStore``: give each thread its own
store (the web server's ``WorkbenchPool`` does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import pq
from psycopg.types.json import Jsonb

if TYPE_CHECKING:
    import numpy as np

from claimtrace.records import AnnotatedDocument
from claimtrace.store import rows
from claimtrace.store.errors import AlreadyStored, postgres_environment_error
from claimtrace.store.base import (
    DatedSentence,
    DocumentDetail,
    DocumentSummary,
    SentenceHit,
    Store,
    StoreError,
    StoredQuote,
    StoredSentence,
    StoredSpeaker,
)
from claimtrace.store.sqlite import _QUERY_WORD, _STOPWORDS, _sentence_index_at, fts_query

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
# Any constant shared by every claimtrace process: serialises schema upgrades across processes.
_MIGRATION_LOCK = 0x636C_6169_6D74

_SUMMARY_COLUMNS = (
    "d.id AS d_id, d.source, d.format, d.title, d.outlet, d.author, d.url, d.language, d.published, "
    "d.published_source, d.published_granularity, d.published_evidence, d.word_count, d.translation"
)
_SENTENCE_COLUMNS = 's.id AS sid, s.doc_id, s.idx, s.start, s."end", s.paragraph, s.text AS stext'
# Ranking without corpus statistics, close to SQLite's BM25: sentences matching more distinct query words first
# (what IDF mostly decides for short queries), then ts_rank_cd divided by 1 + log(sentence length) (normalisation 1),
# squashed into [0, 1) so it only breaks ties. On the demo corpus plus this repository's test articles, 12 queries:
# the same top hit as BM25 for 10 (5 with plain ts_rank_cd), 45 of 60 top-5 hits shared (32 with plain ts_rank_cd).
_RANKED_SENTENCES_SQL = (
    f"SELECT {_SENTENCE_COLUMNS}, "
    "(SELECT COUNT(*) FROM unnest(tsvector_to_array(s.tsv)) AS l(lexeme) WHERE l.lexeme = ANY(q.lexemes)) "
    "+ ts_rank_cd(s.tsv, q.query, 1) / (1 + ts_rank_cd(s.tsv, q.query, 1)) AS score "
    "FROM (SELECT websearch_to_tsquery('english', %(words)s) AS query, "
    "tsvector_to_array(to_tsvector('english', %(words)s)) AS lexemes) AS q "
    "JOIN sentences s ON s.tsv @@ q.query AND s.role = 'body' ORDER BY score DESC, s.id LIMIT %(limit)s"
)
_COUNTED_TABLES = ("documents", "sentences", "entities", "quotes", "speakers", "time_expressions", "provenance_edges")

# The SQLite statements of claimtrace.provenance.storage, in PostgreSQL's dialect: %s placeholders,
# "end" quoted, and the existing row named by its alias inside ON CONFLICT (unqualified names are ambiguous).
NODE_UPSERT_SQL = (
    "INSERT INTO provenance_nodes AS n (key, name, kind, date) VALUES (%s,%s,%s,%s) ON CONFLICT (key) DO UPDATE SET "
    "name = CASE WHEN n.name = lower(n.name) AND excluded.name <> lower(excluded.name) THEN excluded.name ELSE n.name END, "
    "kind = CASE WHEN excluded.kind = 'outlet' THEN 'outlet' ELSE n.kind END, "
    "date = COALESCE(n.date, excluded.date)"
)
EDGE_INSERT_SQL = (
    'INSERT INTO provenance_edges (doc_id, sentence_id, sentence_index, source_key, target_key, relation, start, "end", '
    "evidence_text, date, date_basis) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
)


class Row:
    """A result row read by column name or by position, like ``sqlite3.Row``.

    Code written against the SQLite store's ``conn`` (``row["s_key"]`` in
    provenance.storage, ``r[0]`` in bench/check.py) then reads PostgreSQL rows
    unchanged. As in sqlite3.Row, the first column of a repeated name wins.
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
    """(version, name, sql) for every bundled PostgreSQL migration, in order."""
    found = []
    for entry in resources.files("claimtrace.store.migrations_pg").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def websearch_query(text: str) -> str | None:
    """Free text as a ``websearch_to_tsquery`` input: each word quoted, OR-ed.

    websearch_to_tsquery never raises on malformed input, and the words are
    ``\\w+`` tokens passed as a parameter, so user text cannot inject syntax.
    """
    return fts_query(text)  # '"w1" OR "w2"': the same string serves FTS5 and websearch_to_tsquery


def _with_context(sentences_sql: str) -> str:
    """Wrap a query of sentence rows (aliased as in _SENTENCE_COLUMNS) with their document and neighbours.

    One round trip for all hits, instead of one per hit for the sentences before and after.
    """
    return (
        f"SELECT h.*, {_SUMMARY_COLUMNS}, COALESCE(p.text, '') AS before_text, COALESCE(n.text, '') AS after_text "
        f"FROM ({sentences_sql}) AS h JOIN documents d ON d.id = h.doc_id "
        "LEFT JOIN sentences p ON p.doc_id = h.doc_id AND p.idx = h.idx - 1 "
        "LEFT JOIN sentences n ON n.doc_id = h.doc_id AND n.idx = h.idx + 1"
    )


def like_pattern(word: str) -> str:
    """A LIKE pattern matching ``word`` anywhere, with LIKE's wildcards escaped."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _display_url(url: str) -> str:
    """The URL without its password, for error messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


class PostgresStore(Store):
    """A claimtrace corpus in a PostgreSQL database named by a ``postgresql://`` URL."""

    def __init__(self, url: str, readonly: bool = False):
        self.url = url
        self._vector_cache: tuple | None = None
        self._options = "-c default_transaction_read_only=on" if readonly else None
        self.conn: psycopg.Connection[Row] = self._connect()
        try:
            self._migrate(readonly)
        except BaseException:
            self.conn.close()
            raise

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
                raise StoreError(f"{_display_url(self.url)} has no claimtrace schema; ingest into it first")
            applied = self._applied()
            self._check_not_newer(applied, newest_known)
            if any(v not in applied for v, _, _ in known):
                raise StoreError(f"{_display_url(self.url)} needs a schema upgrade; open it once without read-only mode")
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
                f"{_display_url(self.url)} was written by a newer claimtrace "
                f"(schema {max(applied)} > {newest_known}); upgrade claimtrace"
            )

    def schema_version(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").fetchone()["v"]

    # -- writes -----------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE content_hash = %s", (content_hash,)).fetchone() is not None

    def recover_after_interrupt(self) -> None:
        """Ctrl-C in the middle of a query can leave psycopg with a command still in progress, and every
        later query on the connection fails ("another command is already in progress"). Nothing
        half-written was committed; a fresh session keeps the store usable for what follows."""
        if self.conn.closed or self.conn.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            self.conn.close()
            self.conn = self._connect()

    def add_document(self, annotated: AnnotatedDocument, prepare: Callable[[], None] | None = None) -> str:
        """Write one document in one transaction; ``prepare`` runs inside it, after the document row.

        Raises AlreadyStored when another process stored the same text meanwhile,
        and StoreUnavailable for a full disk, a read-only database or a lost server.
        """
        doc = annotated.document
        pub = doc.published
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                # ON CONFLICT: a concurrent ingest that stored this text first makes this one a duplicate, not an error.
                cur.execute(
                    "INSERT INTO documents (id, content_hash, source, format, title, outlet, author, url, language, "
                    "published, published_source, published_granularity, published_evidence, text, word_count, "
                    "repairs, removed_lines, translation) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    (
                        doc.id, doc.content_hash, doc.source, doc.format, doc.title, doc.outlet, doc.author, doc.url,
                        doc.language, pub.value, pub.source, pub.granularity, pub.evidence, doc.text, doc.word_count,
                        Jsonb(doc.repairs), Jsonb(doc.removed_lines), doc.translation,
                    ),
                )
                if cur.fetchone() is None:
                    raise AlreadyStored(f"{doc.id} is already stored")
                if prepare is not None:
                    prepare()
                sentence_ids = self._write_sentences(cur, annotated)
                self._write_quotes_and_time(cur, annotated, sentence_ids)
                if annotated.citations:
                    from claimtrace.provenance.storage import edge_rows, node_rows

                    # Sorted keys: every writer locks shared nodes in the same order, so none deadlocks.
                    cur.executemany(NODE_UPSERT_SQL, sorted(node_rows(annotated.citations)))
                    cur.executemany(EDGE_INSERT_SQL, edge_rows(annotated.citations, sentence_ids))
                vectors = rows.evidence_vectors(annotated, sentence_ids)
                if vectors:
                    cur.executemany(
                        "INSERT INTO sentence_vectors (sentence_id, doc_id, model, vector) VALUES (%s,%s,%s,%s)", vectors
                    )
        except psycopg.Error as exc:
            unavailable = postgres_environment_error(exc, _display_url(self.url))
            if unavailable is not None:
                raise unavailable from exc
            raise
        return doc.id

    def lock_speaker_registry(self) -> int:
        """Bump the speaker registry's version inside the current transaction (its row lock serialises
        writers of speakers until commit); return the version found."""
        return self.conn.execute("UPDATE speaker_registry SET version = version + 1 RETURNING version - 1 AS v").fetchone()["v"]

    def speaker_keys(self) -> list[tuple[str, str]]:
        """The registry's name keys."""
        return [(r["key"], r["speaker_id"]) for r in self.conn.execute("SELECT key, speaker_id FROM speaker_keys")]

    def _write_sentences(self, cur: psycopg.Cursor, annotated: AnnotatedDocument) -> list[int]:
        """Insert sentences (one pipelined batch) and their entities; return the new ids in sentence order."""
        doc_id = annotated.document.id
        sentence_ids: list[int] = []
        if annotated.sentences:
            cur.executemany(
                'INSERT INTO sentences (doc_id, idx, start, "end", paragraph, text, overlong, role) '
                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
                [(doc_id, s.index, s.start, s.end, s.paragraph, s.text, s.overlong, s.role) for s in annotated.sentences],
                returning=True,
            )
            while True:
                sentence_ids.append(cur.fetchone()["id"])
                if not cur.nextset():
                    break
        entity_rows = [
            (sid, doc_id, e.start, e.end, e.label, e.text)
            for sid, sent in zip(sentence_ids, annotated.sentences)
            for e in sent.entities
        ]
        if entity_rows:
            cur.executemany(
                'INSERT INTO entities (sentence_id, doc_id, start, "end", label, text) VALUES (%s,%s,%s,%s,%s,%s)',
                entity_rows,
            )
        return sentence_ids

    def _write_quotes_and_time(self, cur: psycopg.Cursor, annotated: AnnotatedDocument, sentence_ids: list[int]) -> None:
        doc_id = annotated.document.id
        sid = dict(enumerate(sentence_ids))
        speakers = sorted(annotated.speakers, key=lambda p: p.id)  # a fixed lock order across concurrent writers
        if speakers:
            cur.executemany(
                "INSERT INTO speakers (id, canonical_name, type, roles, affiliations, aliases) VALUES (%s,%s,%s,%s,%s,%s) "
                "ON CONFLICT (id) DO UPDATE SET canonical_name = excluded.canonical_name, type = excluded.type, "
                "roles = excluded.roles, affiliations = excluded.affiliations, aliases = excluded.aliases",
                [
                    (p.id, p.canonical_name, p.type, Jsonb(p.roles), Jsonb(p.affiliations), Jsonb(p.aliases))
                    for p in speakers
                ],
            )
        if annotated.speaker_keys:
            cur.executemany(
                "INSERT INTO speaker_keys (key, speaker_id) VALUES (%s,%s) ON CONFLICT (key) DO NOTHING",
                sorted(annotated.speaker_keys),
            )
        dates = annotated.quote_dates or [None] * len(annotated.quotes)
        quote_rows = [
            (
                doc_id, sid.get(q.sentence_index), q.sentence_index, q.content_start, q.content_end, q.text, q.kind,
                q.cue, q.cue_start, q.cue_end, q.speaker_id, q.speaker.text, q.speaker.start, q.speaker.end,
                q.speaker.canonical, q.speaker.type, q.speaker.role, q.speaker.affiliation, bool(q.carried),
                q.stated_date_text, getattr(when, "value", None), getattr(when, "granularity", None),
                getattr(when, "range_end", None), getattr(when, "basis", None), getattr(when, "expression_text", None),
                bool(getattr(when, "estimated_base", False)),
            )
            for q, when in zip(annotated.quotes, dates)
        ]
        if quote_rows:
            cur.executemany(
                "INSERT INTO quotes (doc_id, sentence_id, sentence_index, content_start, content_end, text, kind, cue, "
                "cue_start, cue_end, speaker_id, speaker_text, speaker_start, speaker_end, speaker_name, speaker_type, "
                "speaker_role, speaker_affiliation, carried, stated_date_text, said_on, said_on_granularity, "
                "said_on_range_end, said_on_basis, said_on_text, said_on_estimated) "
                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                quote_rows,
            )
        starts = [s.start for s in annotated.sentences]
        time_rows = [
            (doc_id, sid.get(_sentence_index_at(starts, e.start)), e.start, e.end, e.text, e.value, e.granularity,
             e.range_end, e.kind, bool(e.estimated_base))
            for e in annotated.time_expressions
        ]
        if time_rows:
            cur.executemany(
                'INSERT INTO time_expressions (doc_id, sentence_id, start, "end", text, value, granularity, range_end, '
                "kind, estimated_base) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                time_rows,
            )
        date_rows = [
            (sid[index], doc_id, when.value, when.granularity, when.range_end, when.basis, when.expression_text,
             bool(when.estimated_base))
            for index, when in annotated.sentence_dates.items()
            if index in sid
        ]
        if date_rows:
            cur.executemany(
                "INSERT INTO sentence_dates (sentence_id, doc_id, value, granularity, range_end, basis, expression_text, "
                "estimated_base) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                date_rows,
            )

    # -- reads ------------------------------------------------------------
    @staticmethod
    def _summary(row) -> DocumentSummary:
        return rows.summary(row)

    @staticmethod
    def _sentence(row: Row) -> StoredSentence:
        return StoredSentence(row["sid"], row["doc_id"], row["idx"], row["start"], row["end"], row["paragraph"], row["stext"])

    def list_documents(self) -> list[DocumentSummary]:
        # COLLATE "C": the byte order SQLite uses, whatever the database's locale.
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}, (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) AS sentence_count "
            'FROM documents d ORDER BY d.published IS NULL, d.published COLLATE "C", d.source COLLATE "C"'
        )
        return [self._summary(r) for r in rows]

    def resolve_id(self, doc_id: str) -> str | None:
        """Full id from an id or a unique prefix of at least 4 characters."""
        if len(doc_id) < 4:
            return None
        pattern = doc_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        ids = [r["id"] for r in self.conn.execute(
            "SELECT id FROM documents WHERE id = %s OR id LIKE %s ESCAPE '\\' LIMIT 2", (doc_id, pattern)
        )]
        if len(ids) != 1:
            return doc_id if doc_id in ids else None
        return ids[0]

    def get_document(self, doc_id: str) -> DocumentDetail | None:
        full = self.resolve_id(doc_id)
        if full is None:
            return None
        row = self.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}, d.text, d.repairs, d.removed_lines FROM documents d WHERE d.id = %s", (full,)
        ).fetchone()
        sentences = self._sentences(full)
        summary = self._summary(row)
        summary.sentence_count = len(sentences)
        return DocumentDetail(summary, row["text"], list(row["repairs"]), list(row["removed_lines"]), sentences)

    def _sentences(self, doc_id: str) -> list[StoredSentence]:
        sentences = [
            self._sentence(r)
            for r in self.conn.execute(f"SELECT {_SENTENCE_COLUMNS} FROM sentences s WHERE s.doc_id = %s ORDER BY s.idx", (doc_id,))
        ]
        by_id = {s.id: s for s in sentences}
        for e in self.conn.execute(
            'SELECT sentence_id, start, "end", label, text FROM entities WHERE doc_id = %s ORDER BY start, id', (doc_id,)
        ):
            by_id[e["sentence_id"]].entities.append({"start": e["start"], "end": e["end"], "label": e["label"], "text": e["text"]})
        return sentences

    def search_sentences(self, query: str, limit: int = 10) -> list[SentenceHit]:
        words = websearch_query(query)
        if words is None:
            return []
        rows = self.conn.execute(
            _with_context(_RANKED_SENTENCES_SQL) + " ORDER BY h.score DESC, h.sid", {"words": words, "limit": limit}
        ).fetchall()
        return [self._hit(r, float(r["score"])) for r in rows]

    def _hit(self, row: Row, score: float) -> SentenceHit:
        return SentenceHit(self._sentence(row), self._summary(row), score, row["before_text"], row["after_text"])

    def sentence_vectors(self) -> tuple[list[int], "np.ndarray"]:
        """All sentence ids and their vectors as one matrix, cached until the corpus changes."""
        import numpy as np

        version = self.conn.execute(
            "SELECT COUNT(*) AS n, COALESCE(MAX(sentence_id), 0) AS top FROM sentence_vectors"
        ).fetchone()
        key = (version["n"], version["top"])
        if self._vector_cache is not None and self._vector_cache[0] == key:
            return self._vector_cache[1], self._vector_cache[2]
        ids: list[int] = []
        blobs: list[bytes] = []
        for r in self.conn.execute("SELECT sentence_id, vector FROM sentence_vectors ORDER BY sentence_id"):
            ids.append(r["sentence_id"])
            blobs.append(bytes(r["vector"]))
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), -1) if ids else np.zeros((0, 0), np.float16)
        self._vector_cache = (key, ids, matrix)
        return ids, matrix

    def sentences_by_ids(self, ids: list[int]) -> dict[int, SentenceHit]:
        """Sentences with their document metadata and neighbours, keyed by sentence id."""
        if not ids:
            return {}
        chosen = f"SELECT {_SENTENCE_COLUMNS} FROM sentences s WHERE s.id = ANY(%s)"
        return {r["sid"]: self._hit(r, 0.0) for r in self.conn.execute(_with_context(chosen), (list(ids),))}

    # -- quotes, speakers, time --------------------------------------------
    def attributions_for(self, sentence_ids: list[int]) -> dict[int, dict[str, object]]:
        """Who said each sentence (a quote overlapping it) and when, for the claim check."""
        out: dict[int, dict[str, object]] = {}
        if not sentence_ids:
            return out
        ids = list(sentence_ids)
        for r in self.conn.execute(
            "SELECT s.id AS sid, q.speaker_id, q.speaker_name, q.speaker_type, q.speaker_role, q.kind, q.said_on, "
            "q.said_on_basis, sp.canonical_name FROM sentences s JOIN quotes q ON q.doc_id = s.doc_id "
            'AND q.content_start < s."end" AND q.content_end > s.start LEFT JOIN speakers sp ON sp.id = q.speaker_id '
            "WHERE s.id = ANY(%s) ORDER BY s.id, q.content_start, q.id",
            (ids,),
        ):
            out.setdefault(r["sid"], rows.attribution(r))
        for r in self.conn.execute(
            "SELECT sentence_id, value, basis FROM sentence_dates WHERE sentence_id = ANY(%s) AND value IS NOT NULL",
            (ids,),
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
            where.append("q.speaker_id = ANY(%s)")
            params.append(ids)
        if doc_id:
            full = self.resolve_id(doc_id)
            if full is None:
                return []
            where.append("q.doc_id = %s")
            params.append(full)
        if about:
            for word in _QUERY_WORD.findall(about.lower()):
                if word not in _STOPWORDS:
                    where.append("lower(q.text) LIKE %s ESCAPE '\\'")
                    params.append(like_pattern(word))
        sql = (
            "SELECT q.id AS qid, q.*, q.text AS qtext, sp.canonical_name, "
            f"{_SUMMARY_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id "
            "LEFT JOIN speakers sp ON sp.id = q.speaker_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ' ORDER BY COALESCE(q.said_on, d.published) IS NULL, COALESCE(q.said_on, d.published) COLLATE "C", '
            'q.doc_id COLLATE "C", q.content_start, q.id LIMIT %s'
        )
        params.append(limit)
        return [rows.quote(r, with_document=True) for r in self.conn.execute(sql, params)]

    def find_speaker_ids(self, name: str) -> list[str]:
        """Speaker ids whose id, name or an alias matches (case-insensitive, substring of the name)."""
        return rows.matching_speaker_ids(self.conn.execute('SELECT id, canonical_name, aliases FROM speakers ORDER BY id COLLATE "C"'), name, list)

    def list_speakers(self) -> list[StoredSpeaker]:
        found = self.conn.execute(
            "SELECT sp.*, COUNT(q.id) AS n_quotes, COUNT(DISTINCT q.doc_id) AS n_docs FROM speakers sp "
            "LEFT JOIN quotes q ON q.speaker_id = sp.id GROUP BY sp.id "
            'ORDER BY n_quotes DESC, sp.canonical_name COLLATE "C", sp.id COLLATE "C"'
        )
        return [rows.speaker(r, list) for r in found]

    def dated_sentences(self) -> list[DatedSentence]:
        """Every dated statement (quote) and event sentence, with its document, for the timeline."""
        out: list[DatedSentence] = []
        for r in self.conn.execute(
            "SELECT q.id AS qid, q.*, q.text AS qtext, sp.canonical_name, "
            f"{_SUMMARY_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id "
            "LEFT JOIN speakers sp ON sp.id = q.speaker_id ORDER BY q.id"
        ):
            out.append(rows.statement(r))
        for r in self.conn.execute(
            "SELECT sd.value, sd.granularity, sd.range_end, sd.basis, sd.estimated_base, sd.expression_text, "
            f"s.text AS stext, s.idx, {_SUMMARY_COLUMNS} FROM sentence_dates sd JOIN sentences s ON s.id = sd.sentence_id "
            "JOIN documents d ON d.id = sd.doc_id "
            "WHERE s.role = 'body' AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.sentence_id = sd.sentence_id) ORDER BY sd.sentence_id"
        ):
            out.append(rows.event(r))
        return out

    def document_annotations(self, doc_id: str) -> dict[str, list[dict[str, object]]]:
        """Quotes and time expressions of one document, for highlighting in the UI and `show`."""
        quotes = [
            rows.quote_annotation(r)
            for r in self.conn.execute(
                "SELECT q.*, sp.canonical_name FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id "
                "WHERE q.doc_id = %s ORDER BY q.content_start, q.id", (doc_id,))
        ]
        times = [
            rows.time_annotation(r)
            for r in self.conn.execute("SELECT * FROM time_expressions WHERE doc_id = %s ORDER BY start, id", (doc_id,))
        ]
        return {"quotes": quotes, "time_expressions": times}

    def provenance_edges(self, doc_ids: Sequence[str] | None = None) -> list[Row]:
        """Stored citation edges with both end nodes, optionally only those shown by some documents."""
        from claimtrace.provenance.storage import EDGE_SELECT_SQL  # valid in both dialects: e.end is qualified

        if not doc_ids:
            return self.conn.execute(EDGE_SELECT_SQL + " ORDER BY e.id").fetchall()
        return self.conn.execute(EDGE_SELECT_SQL + " WHERE e.doc_id = ANY(%s) ORDER BY e.id", (list(doc_ids),)).fetchall()

    def counts(self) -> dict[str, int]:
        # Table names are constants; one round trip for all counts.
        sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t}) AS {t}" for t in _COUNTED_TABLES)
        row = self.conn.execute(sql).fetchone()
        return {t: int(row[t]) for t in _COUNTED_TABLES}

    def close(self) -> None:
        self.conn.close()

