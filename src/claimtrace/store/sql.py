"""The store's statements, written once for SQLite and PostgreSQL behind a ``Dialect``.

``SQLStore`` implements every ``Store`` method that both backends answer with
the same statement; a backend adds only what truly differs: connecting,
migrating, its transaction, reading back generated ids, and the full-text
match and score of ``search_sentences`` (FTS5 BM25 vs tsvector/ts_rank_cd).

Search never scores every match. A claim's words are counted in the index
first, each up to ``CANDIDATE_CAP`` matches (a LIMITed index pass, cheap):
when all of them together match at most that many sentences, every match is
ranked, exactly as before; otherwise the candidates are the sentences holding
the most, and the rarest, of the words (see ``SQLStore.candidates``), at most
``CANDIDATE_CAP`` of them, and only those are scored, by the same score the
full ranking gives.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from importlib import resources
from typing import TYPE_CHECKING, Any

from claimtrace.records import AnnotatedDocument
from claimtrace.store import rows
from claimtrace.store.base import (
    DatedSentence,
    DocumentDetail,
    DocumentSummary,
    SentenceHit,
    Store,
    StoredQuote,
    StoredSentence,
    StoredSpeaker,
)
from claimtrace.store.dialect import Dialect
from claimtrace.store.errors import AlreadyStored

if TYPE_CHECKING:
    import numpy as np

CANDIDATE_CAP = 1000  # the most sentences one search ranks
POSTINGS_PER_CAP = 5  # a word's matches are read up to 5 x CANDIDATE_CAP ids
LENGTH_POOL = 5  # where the ranking weighs length, the lengths of 5 x CANDIDATE_CAP sentences are read to choose
CHUNK = 500  # ids per membership test

SUMMARY_COLUMNS = (
    "d.id AS d_id, d.source, d.format, d.title, d.outlet, d.author, d.url, d.language, d.published, "
    "d.published_source, d.published_granularity, d.published_evidence, d.word_count, d.translation"
)
SENTENCE_COLUMNS = 's.id AS sid, s.doc_id, s.idx, s.start, s."end", s.paragraph, s.text AS stext'
COUNTED_TABLES = ("documents", "sentences", "entities", "quotes", "speakers", "time_expressions", "provenance_edges")

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
_SECTION = re.compile(r"^--\s*\[(both|sqlite|postgres)\]\s*$")
_TYPE_SLOT = re.compile(r"\{\{(\w+)\}\}")
QUERY_WORD = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were will with".split()
)

# -- statements ------------------------------------------------------------------------------
INSERT_DOCUMENT = (
    "INSERT INTO documents (id, content_hash, source, format, title, outlet, author, url, language, "
    "published, published_source, published_granularity, published_evidence, text, word_count, "
    "repairs, removed_lines, ingested_at, translation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT DO NOTHING RETURNING id"
)
INSERT_SENTENCE = (
    'INSERT INTO sentences (doc_id, idx, start, "end", paragraph, text, overlong, role) VALUES (?,?,?,?,?,?,?,?) RETURNING id'
)
INSERT_ENTITY = 'INSERT INTO entities (sentence_id, doc_id, start, "end", label, text) VALUES (?,?,?,?,?,?)'
UPSERT_SPEAKER = (
    "INSERT INTO speakers (id, canonical_name, type, roles, affiliations, aliases) VALUES (?,?,?,?,?,?) "
    "ON CONFLICT (id) DO UPDATE SET canonical_name = excluded.canonical_name, type = excluded.type, "
    "roles = excluded.roles, affiliations = excluded.affiliations, aliases = excluded.aliases"
)
INSERT_SPEAKER_KEY = "INSERT INTO speaker_keys (key, speaker_id) VALUES (?,?) ON CONFLICT (key) DO NOTHING"
INSERT_QUOTE = (
    "INSERT INTO quotes (doc_id, sentence_id, sentence_index, content_start, content_end, text, kind, cue, "
    "cue_start, cue_end, speaker_id, speaker_text, speaker_start, speaker_end, speaker_name, speaker_type, "
    "speaker_role, speaker_affiliation, carried, stated_date_text, said_on, said_on_granularity, "
    "said_on_range_end, said_on_basis, said_on_text, said_on_estimated) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
INSERT_TIME = (
    'INSERT INTO time_expressions (doc_id, sentence_id, start, "end", text, value, granularity, range_end, '
    "kind, estimated_base) VALUES (?,?,?,?,?,?,?,?,?,?)"
)
INSERT_SENTENCE_DATE = (
    "INSERT INTO sentence_dates (sentence_id, doc_id, value, granularity, range_end, basis, expression_text, "
    "estimated_base) VALUES (?,?,?,?,?,?,?,?)"
)
INSERT_VECTOR = "INSERT INTO sentence_vectors (sentence_id, doc_id, model, vector) VALUES (?,?,?,?)"
# A node keeps its best-written name (one with capitals), becomes an outlet once anything says so, and keeps
# its first date. The existing row is named by its alias: unqualified names are ambiguous in PostgreSQL.
UPSERT_NODE = (
    "INSERT INTO provenance_nodes AS n (key, name, kind, date) VALUES (?,?,?,?) ON CONFLICT (key) DO UPDATE SET "
    "name = CASE WHEN n.name = lower(n.name) AND excluded.name <> lower(excluded.name) THEN excluded.name ELSE n.name END, "
    "kind = CASE WHEN excluded.kind = 'outlet' THEN 'outlet' ELSE n.kind END, "
    "date = COALESCE(n.date, excluded.date)"
)
INSERT_EDGE = (
    'INSERT INTO provenance_edges (doc_id, sentence_id, sentence_index, source_key, target_key, relation, start, "end", '
    "evidence_text, date, date_basis) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
SELECT_EDGES = (
    'SELECT e.doc_id, e.sentence_index, e.relation, e.start, e."end", e.evidence_text, e.date, e.date_basis, '
    "s.key AS s_key, s.name AS s_name, s.kind AS s_kind, s.date AS s_date, "
    "t.key AS t_key, t.name AS t_name, t.kind AS t_kind, t.date AS t_date "
    "FROM provenance_edges e JOIN provenance_nodes s ON s.key = e.source_key JOIN provenance_nodes t ON t.key = e.target_key"
)
QUOTE_ROWS = (
    f"SELECT q.id AS qid, q.*, q.text AS qtext, sp.canonical_name, {SUMMARY_COLUMNS} FROM quotes q "
    "JOIN documents d ON d.id = q.doc_id LEFT JOIN speakers sp ON sp.id = q.speaker_id"
)


def render_migration(text: str, dialect: Dialect) -> str:
    """One migration source in a backend's SQL: its ``-- [sqlite]`` / ``-- [postgres]`` sections kept or dropped
    (``-- [both]`` ends one), and each ``{{type}}`` replaced by the dialect's column type."""
    kept: list[str] = []
    section = "both"
    for line in text.splitlines():
        marker = _SECTION.match(line)
        if marker:
            section = marker.group(1)
        elif section in ("both", dialect.name):
            kept.append(line)
    return _TYPE_SLOT.sub(lambda m: dialect.types[m.group(1)], "\n".join(kept) + "\n")


def migrations(dialect: Dialect) -> list[tuple[int, str, str]]:
    """(version, name, sql) for every bundled migration, in order, in the dialect's SQL."""
    found = []
    for entry in resources.files("claimtrace.store.migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, render_migration(entry.read_text(encoding="utf-8"), dialect)))
    return sorted(found)


def query_words(text: str) -> list[str]:
    """The distinct words of a search, lower-cased, stopwords left out (all words if nothing else is left)."""
    words = [w for w in QUERY_WORD.findall(text.lower()) if w not in STOPWORDS]
    if not words:
        words = QUERY_WORD.findall(text.lower())
    return list(dict.fromkeys(words))


def or_query(words: Sequence[str]) -> str:
    """Words quoted and OR-ed: a safe FTS5 query and a safe ``websearch_to_tsquery`` input alike.

    Quoting every word means user input can never be read as query syntax.
    """
    return " OR ".join(f'"{w}"' for w in words)


def fts_query(text: str) -> str | None:
    """A safe full-text query from free text (see ``or_query``), or None when it has no words."""
    words = query_words(text)
    return or_query(words) if words else None


def like_pattern(word: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching ``word`` anywhere, with LIKE's wildcards escaped."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def sentence_index_at(starts: list[int], offset: int) -> int:
    """Index of the sentence containing a character offset (the last one starting at or before it)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def with_context(sentences_sql: str) -> str:
    """Wrap a query of sentence rows (aliased as in SENTENCE_COLUMNS) with their document and neighbours.

    One round trip for all hits, instead of one per hit for the sentences before and after.
    """
    return (
        f"SELECT h.*, {SUMMARY_COLUMNS}, COALESCE(p.text, '') AS before_text, COALESCE(n.text, '') AS after_text "
        f"FROM ({sentences_sql}) AS h JOIN documents d ON d.id = h.doc_id "
        "LEFT JOIN sentences p ON p.doc_id = h.doc_id AND p.idx = h.idx - 1 "
        "LEFT JOIN sentences n ON n.doc_id = h.doc_id AND n.idx = h.idx + 1"
    )


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _sentence(row: Any) -> StoredSentence:
    return StoredSentence(row["sid"], row["doc_id"], row["idx"], row["start"], row["end"], row["paragraph"], row["stext"])


def hit(row: Any, score: float) -> SentenceHit:
    return SentenceHit(_sentence(row), rows.summary(row), score, row["before_text"], row["after_text"])


class SQLStore(Store):
    """Every statement both backends share; subclasses set ``conn``, ``dialect`` and the hooks below."""

    conn: Any
    dialect: Dialect
    candidate_cap: int | None = CANDIDATE_CAP  # None: rank every full-text match (exact, linear in the matches)
    _vector_cache: tuple | None = None

    # -- hooks ---------------------------------------------------------------------------------
    def transaction(self) -> AbstractContextManager[None]:
        """One transaction (a savepoint when nested): committed on leaving, rolled back on an exception."""
        raise NotImplementedError

    def where(self) -> str:
        """The store as error messages name it (a path, or a URL without its password)."""
        raise NotImplementedError

    def _insert_returning_ids(self, cur: Any, statement: str, params: list[tuple[Any, ...]]) -> list[int]:
        """Run an ``INSERT ... RETURNING id`` per row; the new ids in order."""
        raise NotImplementedError

    def _matches(self, groups: list[list[str]], limit: int) -> list[int]:
        """Ids of body sentences holding all the words of one of ``groups``, at most ``limit``, in the
        index's order (ascending ids, near enough): a LIMITed pass over the full-text index, ranking nothing."""
        raise NotImplementedError

    def _ranked_sql(self, words: list[str], limit: int) -> tuple[str, dict[str, Any]]:
        """Every body sentence matching any of ``words``, ranked (SENTENCE_COLUMNS and ``score``, higher first,
        ``limit`` rows). Named parameters, in the backend's style."""
        raise NotImplementedError

    def _rank_candidates(self, words: list[str], ids: list[int], frequency: dict[str, float], limit: int) -> list[SentenceHit]:
        """The best ``limit`` of the candidate sentences ``ids`` for ``words``, scored as ``_ranked_sql`` scores
        (``frequency``: how many sentences hold each word, as ``candidates`` counted them)."""
        raise NotImplementedError

    # -- plumbing ------------------------------------------------------------------------------
    def _run(self, statement: str, params: Sequence[Any] | None = None) -> Any:
        return self.conn.execute(self.dialect.sql(statement), params if params is not None else ())

    def _many(self, cur: Any, statement: str, params: list[tuple[Any, ...]]) -> None:
        if params:
            cur.executemany(self.dialect.sql(statement), params)

    def _where_in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return self.dialect.in_list(column, values)

    def _c(self, term: str) -> str:
        """An ORDER BY term on text, in byte order on both backends."""
        return term + self.dialect.byte_order

    # -- writes --------------------------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return self._run("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def add_document(self, annotated: AnnotatedDocument, prepare: Callable[[], None] | None = None) -> str:
        """Write one document in one transaction; ``prepare`` runs inside it, after the document row.

        Raises AlreadyStored when another process stored the same text meanwhile,
        and StoreUnavailable for a full disk, a lock held too long, a read-only store or a lost server.
        """
        try:
            with self.transaction():
                cur = self.conn.cursor()
                try:
                    self._write_document(cur, annotated, prepare)
                finally:
                    cur.close()
        except self.dialect.error as exc:
            unavailable = self.dialect.environment_error(exc, self.where())
            if unavailable is not None:
                raise unavailable from exc
            raise
        return annotated.document.id

    def _write_document(self, cur: Any, annotated: AnnotatedDocument, prepare: Callable[[], None] | None) -> None:
        doc = annotated.document
        pub = doc.published
        to_json = self.dialect.to_json
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        cur.execute(self.dialect.sql(INSERT_DOCUMENT), (
            doc.id, doc.content_hash, doc.source, doc.format, doc.title, doc.outlet, doc.author, doc.url,
            doc.language, pub.value, pub.source, pub.granularity, pub.evidence, doc.text, doc.word_count,
            to_json(doc.repairs), to_json(doc.removed_lines), now, doc.translation,
        ))
        if cur.fetchone() is None:  # a concurrent ingest stored this text first: a duplicate, not an error
            raise AlreadyStored(f"{doc.id} is already stored")
        if prepare is not None:
            prepare()
        sentence_ids = self._insert_returning_ids(cur, INSERT_SENTENCE, [
            (doc.id, s.index, s.start, s.end, s.paragraph, s.text, bool(s.overlong), s.role) for s in annotated.sentences
        ])
        self._many(cur, INSERT_ENTITY, [
            (sid, doc.id, e.start, e.end, e.label, e.text)
            for sid, sent in zip(sentence_ids, annotated.sentences) for e in sent.entities
        ])
        self._write_quotes_and_time(cur, annotated, sentence_ids)
        if annotated.citations:
            from claimtrace.provenance.storage import edge_rows, node_rows

            # Sorted keys: every writer locks shared nodes in the same order, so none deadlocks.
            self._many(cur, UPSERT_NODE, sorted(node_rows(annotated.citations)))
            self._many(cur, INSERT_EDGE, edge_rows(annotated.citations, sentence_ids))
        self._many(cur, INSERT_VECTOR, rows.evidence_vectors(annotated, sentence_ids))

    def _write_quotes_and_time(self, cur: Any, annotated: AnnotatedDocument, sentence_ids: list[int]) -> None:
        doc_id = annotated.document.id
        to_json = self.dialect.to_json
        sid = dict(enumerate(sentence_ids))
        speakers = sorted(annotated.speakers, key=lambda p: p.id)  # a fixed lock order across concurrent writers
        self._many(cur, UPSERT_SPEAKER, [
            (p.id, p.canonical_name, p.type, to_json(p.roles), to_json(p.affiliations), to_json(p.aliases)) for p in speakers
        ])
        self._many(cur, INSERT_SPEAKER_KEY, sorted(annotated.speaker_keys))
        dates = annotated.quote_dates or [None] * len(annotated.quotes)
        self._many(cur, INSERT_QUOTE, [
            (
                doc_id, sid.get(q.sentence_index), q.sentence_index, q.content_start, q.content_end, q.text, q.kind,
                q.cue, q.cue_start, q.cue_end, q.speaker_id, q.speaker.text, q.speaker.start, q.speaker.end,
                q.speaker.canonical, q.speaker.type, q.speaker.role, q.speaker.affiliation, bool(q.carried),
                q.stated_date_text, getattr(when, "value", None), getattr(when, "granularity", None),
                getattr(when, "range_end", None), getattr(when, "basis", None), getattr(when, "expression_text", None),
                bool(getattr(when, "estimated_base", False)),
            )
            for q, when in zip(annotated.quotes, dates)
        ])
        starts = [s.start for s in annotated.sentences]
        self._many(cur, INSERT_TIME, [
            (doc_id, sid.get(sentence_index_at(starts, e.start)), e.start, e.end, e.text, e.value, e.granularity,
             e.range_end, e.kind, bool(e.estimated_base))
            for e in annotated.time_expressions
        ])
        self._many(cur, INSERT_SENTENCE_DATE, [
            (sid[index], doc_id, when.value, when.granularity, when.range_end, when.basis, when.expression_text,
             bool(when.estimated_base))
            for index, when in annotated.sentence_dates.items()
            if index in sid
        ])

    def lock_speaker_registry(self) -> int:
        """Bump the speaker registry's version inside the current write (its row lock serialises writers of
        speakers until commit); return the version found."""
        return self._run("UPDATE speaker_registry SET version = version + 1 RETURNING version - 1 AS v").fetchone()["v"]

    def speaker_keys(self) -> list[tuple[str, str]]:
        """The registry's name keys, in the order they were stored."""
        found = self._run(f"SELECT key, speaker_id FROM speaker_keys ORDER BY {self.dialect.row_order}")
        return [(r["key"], r["speaker_id"]) for r in found]

    # -- reads ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self._run("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").fetchone()["v"])

    def list_documents(self) -> list[DocumentSummary]:
        found = self._run(
            f"SELECT {SUMMARY_COLUMNS}, (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) AS sentence_count "
            f"FROM documents d ORDER BY d.published IS NULL, {self._c('d.published')}, {self._c('d.source')}"
        )
        return [rows.summary(r) for r in found]

    def resolve_id(self, doc_id: str) -> str | None:
        """Full id from an id or a unique prefix of at least 4 characters."""
        if len(doc_id) < 4:
            return None
        pattern = like_pattern(doc_id)[1:]  # a prefix: no leading wildcard
        ids = [r["id"] for r in self._run(
            "SELECT id FROM documents WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 2", (doc_id, pattern)
        )]
        if len(ids) != 1:
            return doc_id if doc_id in ids else None
        return ids[0]

    def get_document(self, doc_id: str) -> DocumentDetail | None:
        full = self.resolve_id(doc_id)
        if full is None:
            return None
        row = self._run(
            f"SELECT {SUMMARY_COLUMNS}, d.text, d.repairs, d.removed_lines FROM documents d WHERE d.id = ?", (full,)
        ).fetchone()
        sentences = self._sentences(full)
        summary = rows.summary(row)
        summary.sentence_count = len(sentences)
        from_json = self.dialect.from_json
        return DocumentDetail(summary, row["text"], list(from_json(row["repairs"])), list(from_json(row["removed_lines"])), sentences)

    def _sentences(self, doc_id: str) -> list[StoredSentence]:
        sentences = [
            _sentence(r)
            for r in self._run(f"SELECT {SENTENCE_COLUMNS} FROM sentences s WHERE s.doc_id = ? ORDER BY s.idx", (doc_id,))
        ]
        by_id = {s.id: s for s in sentences}
        for e in self._run(
            'SELECT sentence_id, start, "end", label, text FROM entities WHERE doc_id = ? ORDER BY start, id', (doc_id,)
        ):
            by_id[e["sentence_id"]].entities.append({"start": e["start"], "end": e["end"], "label": e["label"], "text": e["text"]})
        return sentences

    def search_sentences(self, query: str, limit: int = 10) -> list[SentenceHit]:
        """The body sentences best matching the query's words, best first (see the module's note on candidates)."""
        words = query_words(query)
        if not words:
            return []
        found = self.candidates(words, self.candidate_cap, limit) if self.candidate_cap else None
        if found is not None:
            return self._rank_candidates(words, found[0], found[1], limit)
        statement, params = self._ranked_sql(words, limit)
        rows_found = self.conn.execute(with_context(statement) + " ORDER BY h.score DESC, h.sid", params).fetchall()
        return [hit(r, float(r["score"])) for r in rows_found]

    def candidates(self, words: list[str], cap: int, limit: int) -> tuple[list[int], dict[str, float]] | None:
        """At most ``cap`` sentence ids to rank for ``words`` and each word's number of matches (estimated
        past POSTINGS_PER_CAP * ``cap``), or None when all the words' matches together can be ranked.

        Each word's matches are read up to POSTINGS_PER_CAP * ``cap`` ids, in id order (LIMITed passes over
        the full-text index, nothing ranked): all of a rare word's, the first of a common word's. A sentence
        weighs the sum of ``word_weight`` over the words it was found under, and the ``cap`` weightiest are
        the candidates: every sentence holding the rare words, and, up to the id where the common words'
        reading stopped, every sentence weighed with all its words. The common words weigh least in both
        rankings, so what is missed past that id is what they alone would have lifted. Where the ranking weighs
        a sentence's length (SQLite's BM25, ``length_factor``), the weightiest LENGTH_POOL * ``cap`` are read for
        their lengths and the ``cap`` best by weight times length factor are kept: of hundreds of sentences holding
        the same words, the short ones the ranking puts first, not those with the lowest ids.
        """
        postings = POSTINGS_PER_CAP * cap
        matches = {word: self._matches([[word]], postings + 1) for word in words}
        if sum(len(m) for m in matches.values()) <= cap:
            return None
        top = self._top_sentence_id()
        frequency = {w: float(len(m)) if len(m) <= postings else postings * top / max(1, m[-1]) for w, m in matches.items()}
        weight: dict[int, float] = {}
        for word in matches:
            w = self.word_weight(frequency[word], top)
            for sid in matches[word]:
                weight[sid] = weight.get(sid, 0.0) + w
        if self.length_factor(1, 1) is None:
            chosen = [sid for sid, _ in heapq.nsmallest(cap, weight.items(), key=lambda kv: (-kv[1], kv[0]))]
            return chosen, frequency
        # The ranking favours short sentences: of the LENGTH_POOL * cap weightiest, the cap best once weighed by length.
        pool = [sid for sid, _ in heapq.nsmallest(LENGTH_POOL * cap, weight.items(), key=lambda kv: (-kv[1], kv[0]))]
        length = self.sentence_lengths(pool)
        average = sum(length.values()) / max(1, len(length))
        score = {sid: weight[sid] * self.length_factor(length.get(sid, average), average) for sid in pool}
        return sorted(pool, key=lambda sid: (-score[sid], sid))[:cap], frequency

    @staticmethod
    def length_factor(length: float, average: float) -> float | None:
        """How the ranking scales a word's weight in a sentence of ``length`` characters (``average`` the
        candidates'); None where the ranking's weights do not fall with length the way ``candidates`` can
        approximate (PostgreSQL counts the words first)."""
        return None

    def sentence_lengths(self, ids: list[int]) -> dict[int, int]:
        """Each sentence's length in characters."""
        out: dict[int, int] = {}
        for chunk in chunks(list(ids)):
            test, params = self._where_in("id", chunk)
            out.update((r["id"], r["n"]) for r in self._run(f'SELECT id, "end" - start AS n FROM sentences WHERE {test}', params))
        return out

    @staticmethod
    def word_weight(frequency: float, rows: int) -> float:
        """What holding a word adds to a sentence's score, by how many of ``rows`` sentences hold it:
        BM25's inverse document frequency (SQLite's ranking); PostgreSQL's counts words first."""
        return max(1e-6, math.log((rows - frequency + 0.5) / (frequency + 0.5)))

    def _top_sentence_id(self) -> int:
        return int(self._run("SELECT COALESCE(MAX(id), 0) AS top FROM sentences").fetchone()["top"])

    def sentence_vectors(self) -> tuple[list[int], "np.ndarray"]:
        """All sentence ids and their vectors as one matrix, cached until the corpus changes."""
        import numpy as np

        # Ids only grow and documents are never deleted, so the ends of the id range name the version: two
        # index look-ups, where COUNT(*) would read a million rows on every query.
        version = self._run(
            "SELECT COALESCE((SELECT MIN(sentence_id) FROM sentence_vectors), 0) AS low, "
            "COALESCE((SELECT MAX(sentence_id) FROM sentence_vectors), 0) AS top"
        ).fetchone()
        key = (version["low"], version["top"])
        if self._vector_cache is not None and self._vector_cache[0] == key:
            return self._vector_cache[1], self._vector_cache[2]
        ids: list[int] = []
        blobs: list[bytes] = []
        for r in self._run("SELECT sentence_id, vector FROM sentence_vectors ORDER BY sentence_id"):
            ids.append(r["sentence_id"])
            blobs.append(bytes(r["vector"]))
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), -1) if ids else np.zeros((0, 0), np.float16)
        self._vector_cache = (key, ids, matrix)
        return ids, matrix

    def sentences_by_ids(self, ids: list[int]) -> dict[int, SentenceHit]:
        """Sentences with their document metadata and neighbours, keyed by sentence id."""
        out: dict[int, SentenceHit] = {}
        for chunk in chunks(list(ids)):
            test, params = self._where_in("s.id", chunk)
            chosen = f"SELECT {SENTENCE_COLUMNS} FROM sentences s WHERE {test}"
            out.update({r["sid"]: hit(r, 0.0) for r in self._run(with_context(chosen), params)})
        return out

    # -- quotes, speakers, time ------------------------------------------------------------------
    def attributions_for(self, sentence_ids: list[int]) -> dict[int, dict[str, object]]:
        """Who said each sentence (a quote overlapping it) and when, for the claim check."""
        out: dict[int, dict[str, object]] = {}
        for chunk in chunks(list(sentence_ids)):
            test, params = self._where_in("s.id", chunk)
            for r in self._run(
                "SELECT s.id AS sid, q.speaker_id, q.speaker_name, q.speaker_type, q.speaker_role, q.kind, q.said_on, "
                "q.said_on_basis, sp.canonical_name FROM sentences s JOIN quotes q ON q.doc_id = s.doc_id "
                'AND q.content_start < s."end" AND q.content_end > s.start LEFT JOIN speakers sp ON sp.id = q.speaker_id '
                f"WHERE {test} ORDER BY s.id, q.content_start, q.id",
                params,
            ):
                out.setdefault(r["sid"], rows.attribution(r))
            test, params = self._where_in("sentence_id", chunk)
            for r in self._run(
                f"SELECT sentence_id, value, basis FROM sentence_dates WHERE {test} AND value IS NOT NULL ORDER BY sentence_id",
                params,
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
            test, values = self._where_in("q.speaker_id", ids)
            where.append(test)
            params.extend(values)
        if doc_id:
            full = self.resolve_id(doc_id)
            if full is None:
                return []
            where.append("q.doc_id = ?")
            params.append(full)
        if about:
            for word in QUERY_WORD.findall(about.lower()):
                if word not in STOPWORDS:
                    where.append("lower(q.text) LIKE ? ESCAPE '\\'")
                    params.append(like_pattern(word))
        statement = (
            QUOTE_ROWS + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY COALESCE(q.said_on, d.published) IS NULL, {self._c('COALESCE(q.said_on, d.published)')}, "
            f"{self._c('q.doc_id')}, q.content_start, q.id LIMIT ?"
        )
        params.append(limit)
        return [rows.quote(r, with_document=True) for r in self._run(statement, params)]

    def find_speaker_ids(self, name: str) -> list[str]:
        """Speaker ids whose id, name or an alias matches (case-insensitive, substring of the name)."""
        found = self._run(f"SELECT id, canonical_name, aliases FROM speakers ORDER BY {self._c('id')}")
        return rows.matching_speaker_ids(found, name, self.dialect.from_json)

    def list_speakers(self) -> list[StoredSpeaker]:
        found = self._run(
            "SELECT sp.*, COUNT(q.id) AS n_quotes, COUNT(DISTINCT q.doc_id) AS n_docs FROM speakers sp "
            "LEFT JOIN quotes q ON q.speaker_id = sp.id GROUP BY sp.id "
            f"ORDER BY n_quotes DESC, {self._c('sp.canonical_name')}, {self._c('sp.id')}"
        )
        return [rows.speaker(r, self.dialect.from_json) for r in found]

    def dated_sentences(self) -> list[DatedSentence]:
        """Every dated statement (quote) and event sentence, with its document, for the timeline."""
        out = [rows.statement(r) for r in self._run(QUOTE_ROWS + " ORDER BY q.id")]
        out.extend(rows.event(r) for r in self._run(
            "SELECT sd.value, sd.granularity, sd.range_end, sd.basis, sd.estimated_base, sd.expression_text, "
            f"s.text AS stext, s.idx, {SUMMARY_COLUMNS} FROM sentence_dates sd JOIN sentences s ON s.id = sd.sentence_id "
            "JOIN documents d ON d.id = sd.doc_id WHERE s.role = 'body' "
            "AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.sentence_id = sd.sentence_id) ORDER BY sd.sentence_id"
        ))
        return out

    def document_annotations(self, doc_id: str) -> dict[str, list[dict[str, object]]]:
        """Quotes and time expressions of one document, for highlighting in the UI and `show`."""
        quotes = [rows.quote_annotation(r) for r in self._run(
            "SELECT q.*, sp.canonical_name FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id "
            "WHERE q.doc_id = ? ORDER BY q.content_start, q.id", (doc_id,))]
        times = [rows.time_annotation(r) for r in self._run(
            "SELECT * FROM time_expressions WHERE doc_id = ? ORDER BY start, id", (doc_id,))]
        return {"quotes": quotes, "time_expressions": times}

    def provenance_edges(self, doc_ids: Sequence[str] | None = None) -> list[Any]:
        """Stored citation edges with both end nodes (rows for provenance.storage.edges_from_rows),
        optionally only those shown by some documents."""
        if not doc_ids:
            return self._run(SELECT_EDGES + " ORDER BY e.id").fetchall()
        test, params = self._where_in("e.doc_id", list(doc_ids))
        return self._run(SELECT_EDGES + f" WHERE {test} ORDER BY e.id", params).fetchall()

    def upsert_provenance_nodes(self, nodes: Iterable[tuple[str, str, str, str | None]]) -> None:
        """Insert or merge (key, name, kind, date) nodes, as a document's write does."""
        with self.transaction():
            cur = self.conn.cursor()
            try:
                self._many(cur, UPSERT_NODE, sorted(nodes))
            finally:
                cur.close()

    def graph_version(self) -> tuple[int, int]:
        """(edge count, last edge id): changes whenever the citation graph does, for caching it."""
        row = self._run("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM provenance_edges").fetchone()
        return int(row["n"]), int(row["last"])

    def counts(self) -> dict[str, int]:
        # Table names are constants; one round trip for all counts.
        row = self._run("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t}) AS {t}" for t in COUNTED_TABLES)).fetchone()
        return {t: int(row[t]) for t in COUNTED_TABLES}

    def is_empty(self) -> bool:
        """True when no document is stored (one index look-up, where ``counts`` reads every table)."""
        return self._run("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def overlong_sentences(self) -> int:
        """How many stored sentences are over-long runs (kept for offsets, never evidence)."""
        return int(self._run("SELECT COUNT(*) AS n FROM sentences WHERE overlong = ?", (True,)).fetchone()["n"])

    def sentence_pool(self) -> list[tuple[str, str | None, str | None]]:
        """(text, outlet, published) of every stored sentence in id order, for the benchmarks' synthetic corpora."""
        found = self._run("SELECT s.text, d.outlet, d.published FROM sentences s JOIN documents d ON d.id = s.doc_id ORDER BY s.id")
        return [(r["text"], r["outlet"], r["published"]) for r in found]

    def close(self) -> None:
        self.conn.close()
