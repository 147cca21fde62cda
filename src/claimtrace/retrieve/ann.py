"""Approximate nearest-neighbour search over the stored sentence vectors (USearch HNSW).

Exact search multiplies the claim vector with every stored vector: fine for a
few thousand sentences, linear in the corpus beyond that. Above
``MIN_ANN_VECTORS`` an HNSW graph answers in well under a millisecond
instead. The graph is a derived cache, never the source of truth: it lives
in a file beside the SQLite database (``<db>.usearch``) or, for PostgreSQL,
under the user cache folder, and it is rebuilt from the store whenever it is
missing, unreadable, or disagrees with the stored vectors.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

if TYPE_CHECKING:
    from usearch.index import Index

log = logging.getLogger(__name__)

MIN_ANN_VECTORS = 20_000  # below this, exact search is fast enough and always right
INDEX_SUFFIX = ".usearch"
CACHE_ENV = "CLAIMTRACE_CACHE_DIR"
SPOT_CHECKS = 32  # stored vectors compared with the loaded index to catch a damaged file
SPOT_TOLERANCE = 1e-2
# HNSW beam width at query time: higher = better recall, slower. At 1M sentences of near-copies (bench/scale.py)
# a beam of 128 found none of the exact top 100 for some claims; 2048 finds most of them in about 3 ms a search.
EXPANSION_SEARCH = 2048
# The index is asked for this many times the wanted neighbours, re-scored exactly (``exact_rerank``).
RERANK_POOL = 4
EXPANSION_ADD = 128


@dataclass(frozen=True)
class SyncState:
    """What the index reflects: the store's vector count and highest sentence id."""

    count: int
    top_id: int


def url_without_password(url: str) -> str:
    """A PostgreSQL URL with its password removed (netloc and ``password=`` query), for a cache key.

    >>> url_without_password("postgresql://ann:secret@db:5432/news?password=x&sslmode=require")
    'postgresql://ann@db:5432/news?sslmode=require'
    """
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = userinfo.split(":", 1)[0] + "@" + host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def cache_dir() -> Path:
    """Where indexes of server databases live: $CLAIMTRACE_CACHE_DIR, else $XDG_CACHE_HOME/claimtrace/ann."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "claimtrace" / "ann"


def index_path_for(store) -> Path:
    """The index file of a store: beside a SQLite file, or keyed by the password-free URL of a server."""
    path = getattr(store, "path", None)
    if path is not None:
        return Path(str(path) + INDEX_SUFFIX)
    url = getattr(store, "url", None)
    if url is None:
        raise TypeError(f"{type(store).__name__} has neither .path nor .url; cannot place an ANN index")
    digest = hashlib.sha256(url_without_password(url).encode("utf-8")).hexdigest()[:24]
    return cache_dir() / f"{digest}{INDEX_SUFFIX}"


def _new_index(ndim: int) -> Index:
    from usearch.index import Index  # imported here so exact search works without the package

    # Cosine equals the inner product for the normalised vectors the store holds, and stays
    # right for a query that is not exactly unit length; f16 matches the stored precision.
    return Index(ndim=ndim, metric="cos", dtype="f16", expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)


def _file_signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class VectorIndex:
    """An HNSW index of the store's sentence vectors, keyed by sentence id, kept in one file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._index: Index | None = None
        self._state: SyncState | None = None
        self._loaded_signature: tuple[int, int] | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_store(cls, store) -> "VectorIndex":
        """The index that belongs to ``store`` (not yet loaded; ``sync`` loads or builds it)."""
        return cls(index_path_for(store))

    @property
    def size(self) -> int:
        return 0 if self._index is None else len(self._index)

    # -- keeping up with the store ------------------------------------------
    def sync(self, store) -> int:
        """Bring the index up to date with the store's vectors; returns how many were added.

        Incremental when the index holds a subset of the stored ids (new sentences
        are appended); a full rebuild when the file is missing or unreadable, the
        dimension changed, or the store lost vectors the index still has.
        """
        ids, matrix = store.sentence_vectors()
        with self._lock:
            state = SyncState(len(ids), int(ids[-1]) if ids else 0)
            if self._index is not None and self._state == state and self._loaded_signature == _file_signature(self.path):
                return 0
            keys = np.asarray(ids, dtype=np.uint64)
            if self._index is None or self._loaded_signature != _file_signature(self.path):
                self._index = self._load(keys, matrix)
            added = self._update(keys, matrix)
            self._state = state
            if added or not self.path.exists():
                self._save()
            return added

    def _load(self, keys: np.ndarray, matrix: np.ndarray) -> Index | None:
        """The saved index if it is readable and agrees with the store on a sample of vectors, else None."""
        self._loaded_signature = _file_signature(self.path)
        if self._loaded_signature is None or not len(keys):
            return None
        index = _new_index(matrix.shape[1])
        try:
            index.load(str(self.path))
        except (RuntimeError, ValueError, OSError) as exc:
            log.warning("ANN index %s is unreadable (%s); rebuilding it", self.path, exc)
            return None
        if index.ndim != matrix.shape[1] or not self._spot_check(index, keys, matrix):
            log.warning("ANN index %s does not match the stored vectors; rebuilding it", self.path)
            return None
        return index

    @staticmethod
    def _spot_check(index: Index, keys: np.ndarray, matrix: np.ndarray) -> bool:
        """Compare a few stored vectors with the index's copies: catches a damaged or foreign file cheaply."""
        rows = np.random.default_rng(len(keys)).choice(len(keys), size=min(SPOT_CHECKS, len(keys)), replace=False)
        present = [r for r in rows if index.contains(int(keys[r]))]
        for r in present:
            stored = index.get(int(keys[r]))
            if stored is None or not np.allclose(np.asarray(stored, np.float32), matrix[r].astype(np.float32), atol=SPOT_TOLERANCE):
                return False
        return True

    def _update(self, keys: np.ndarray, matrix: np.ndarray) -> int:
        if self._index is not None:
            indexed = np.asarray(self._index.keys, dtype=np.uint64)
            if np.setdiff1d(indexed, keys, assume_unique=True).size:
                log.info("store lost vectors the ANN index holds; rebuilding %s", self.path)
                self._index = None
        if self._index is None:
            self._index = _new_index(matrix.shape[1] if matrix.ndim == 2 and matrix.shape[1] else 256)
            new_rows = np.arange(len(keys))
        else:
            new_rows = np.flatnonzero(~np.isin(keys, np.asarray(self._index.keys, dtype=np.uint64), assume_unique=True))
        if new_rows.size:
            self._index.add(keys[new_rows], matrix[new_rows])
        return int(new_rows.size)

    def _save(self) -> None:
        """Write to a temporary file in the same folder, then rename: readers never see half a file."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
            os.close(fd)
            try:
                self._index.save(tmp)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:  # read-only folder: the in-memory index still answers
            log.warning("cannot save ANN index %s (%s); using it from memory", self.path, exc)
        self._loaded_signature = _file_signature(self.path)

    # -- queries ---------------------------------------------------------------
    def search(self, query: np.ndarray, k: int) -> list[int]:
        """Sentence ids of the ``k`` nearest stored vectors, best first."""
        if self._index is None or not len(self._index) or k <= 0:
            return []
        if k > self._index.expansion_search:
            self._index.expansion_search = k
        matches = self._index.search(np.asarray(query, dtype=np.float32), k)
        return [int(key) for key in matches.keys]


_OPEN: dict[Path, VectorIndex] = {}
_OPEN_LOCK = threading.Lock()


def _shared_index(store) -> VectorIndex:
    """One loaded index per file per process, so a query does not re-read the graph."""
    path = index_path_for(store)
    with _OPEN_LOCK:
        if path not in _OPEN:
            _OPEN[path] = VectorIndex(path)
        return _OPEN[path]


def dense_search(store, query: np.ndarray, k: int, min_vectors: int = MIN_ANN_VECTORS) -> list[int]:
    """Top-``k`` sentence ids for a query vector: exact below ``min_vectors`` stored vectors, HNSW above."""
    from claimtrace.retrieve.hybrid import dense_top_k  # here, not at the top: hybrid imports this module

    ids, matrix = store.sentence_vectors()
    if len(ids) < min_vectors:
        return dense_top_k(query, ids, matrix, k)
    index = _shared_index(store)
    index.sync(store)
    return exact_rerank(query, index.search(query, k * RERANK_POOL), ids, matrix, k)


def row_of(ids: list[int], key: int) -> int | None:
    """The row of sentence ``key`` in ``Store.sentence_vectors``'s ids (ascending), by binary search; None if absent."""
    row = bisect.bisect_left(ids, key)
    return row if row < len(ids) and ids[row] == key else None


def exact_rerank(query: np.ndarray, keys: list[int], ids: list[int], matrix: np.ndarray, k: int) -> list[int]:
    """The best ``k`` of the index's ``keys`` by the exact score ``dense_top_k`` gives (the stored vectors,
    ties by id): the index's float16 distances and its graph order would otherwise pick among near-equal
    sentences differently from exact search."""
    from claimtrace.retrieve.hybrid import best_by_score

    rows, kept = [], []
    for key in keys:
        row = row_of(ids, key)
        if row is not None:
            rows.append(row)
            kept.append(key)
    if not rows:
        return []
    scores = matrix[rows].astype(np.float32) @ np.asarray(query, dtype=np.float32)
    return best_by_score(kept, scores, k)
