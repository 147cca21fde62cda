"""The HNSW index over stored sentence vectors: recall against exact search, incremental sync, repair.

Each corpus is built once per store backend: a SQLite file keeps its index beside it, a PostgreSQL
database in the cache folder (CLAIMTRACE_CACHE_DIR, a temporary folder in tests), keyed by its URL.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from claimtrace.records import AnnotatedDocument, Document, Sentence
from claimtrace.retrieve.ann import (
    MIN_ANN_VECTORS,
    VectorIndex,
    dense_search,
    exact_rerank,
    index_path_for,
    url_without_password,
)
from claimtrace.retrieve.hybrid import dense_top_k
from claimtrace.store import Store, open_store

from conftest import BACKENDS, clone_store, is_postgres, new_store_url

DIM = 256
SENTENCES_PER_DOC = 500
LARGE = MIN_ANN_VECTORS  # the smallest corpus that takes the ANN path
SMALL = 2_000


def clustered_vectors(rng: np.random.Generator, n: int, clusters: int = 300) -> np.ndarray:
    """Unit vectors around random centres: closer to real sentence embeddings than uniform noise."""
    centres = rng.standard_normal((clusters, DIM)).astype(np.float32)
    vectors = centres[rng.integers(0, clusters, n)] + 0.8 * rng.standard_normal((n, DIM)).astype(np.float32)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float16)


def synthetic_document(serial: int, vectors: np.ndarray) -> AnnotatedDocument:
    """A fictional Valdorian bulletin with one sentence per vector."""
    texts = [f"Valdorian bulletin {serial} notes item {i}." for i in range(len(vectors))]
    sentences, position = [], 0
    for i, text in enumerate(texts):
        sentences.append(Sentence(i, position, position + len(text), text, i))
        position += len(text) + 1
    document = Document(source=f"synthetic/{serial}.txt", format="txt", text="\n".join(texts), title=f"Bulletin {serial}")
    return AnnotatedDocument(document, sentences, embeddings=vectors)


def fill(store: Store, vectors: np.ndarray, first_serial: int = 0) -> None:
    for offset in range(0, len(vectors), SENTENCES_PER_DOC):
        store.add_document(synthetic_document(first_serial + offset, vectors[offset : offset + SENTENCES_PER_DOC]))


def build_corpus(request: pytest.FixtureRequest, folder: Path, n: int, seed: int) -> str:
    """A closed corpus of ``n`` synthetic vectors on the requested backend (closed so it can be copied)."""
    url = new_store_url(request, request.param, folder)
    store = open_store(url)
    fill(store, clustered_vectors(np.random.default_rng(seed), n))
    store.close()
    return url


def copy_corpus(request: pytest.FixtureRequest, source: str, folder: Path) -> Store:
    return open_store(clone_store(request, source, folder))


@pytest.fixture(scope="module", params=BACKENDS)
def large_corpus(request: pytest.FixtureRequest, tmp_path_factory) -> str:
    """20k vectors with their index built once; tests read it, never write it."""
    url = build_corpus(request, tmp_path_factory.mktemp("ann-large"), LARGE, seed=1)
    store = open_store(url)
    assert VectorIndex.for_store(store).sync(store) == LARGE
    store.close()
    return url


@pytest.fixture(scope="module", params=BACKENDS)
def small_corpus(request: pytest.FixtureRequest, tmp_path_factory) -> str:
    return build_corpus(request, tmp_path_factory.mktemp("ann-small"), SMALL, seed=2)


def planted_queries(matrix: np.ndarray, rng: np.random.Generator, count: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Near-duplicates of stored vectors: (source rows, queries)."""
    rows = rng.choice(len(matrix), size=count, replace=False)
    noisy = matrix[rows].astype(np.float32) + 0.02 * rng.standard_normal((count, DIM)).astype(np.float32)
    return rows, noisy / np.linalg.norm(noisy, axis=1, keepdims=True)


def test_index_file_lies_beside_the_database_or_in_the_cache(large_corpus: str) -> None:
    with open_store(large_corpus, readonly=True) as store:
        path = index_path_for(store)
    if is_postgres(large_corpus):
        assert path.parent == Path(os.environ["CLAIMTRACE_CACHE_DIR"])
    else:
        assert path == Path(large_corpus + ".usearch")
    assert path.stat().st_size > 0


def test_recall_at_10_against_exact_search(large_corpus: str) -> None:
    store = open_store(large_corpus, readonly=True)
    ids, matrix = store.sentence_vectors()
    index = VectorIndex.for_store(store)
    assert index.sync(store) == 0  # loaded from the saved file, nothing to add
    assert index.size == LARGE
    rows, queries = planted_queries(matrix, np.random.default_rng(3))
    recalls, planted_first = [], 0
    for row, query in zip(rows, queries):
        approximate = index.search(query, 10)
        exact = dense_top_k(query, ids, matrix, 10)
        recalls.append(len(set(approximate) & set(exact)) / 10)
        planted_first += approximate[0] == ids[row]
    assert np.mean(recalls) >= 0.9
    assert planted_first >= 45
    store.close()


def test_dense_search_uses_the_index_above_the_threshold(large_corpus: str) -> None:
    store = open_store(large_corpus, readonly=True)
    ids, matrix = store.sentence_vectors()
    assert len(ids) >= MIN_ANN_VECTORS
    query = matrix[123].astype(np.float32)
    found = dense_search(store, query, 20)
    assert len(found) == 20 and len(set(found)) == 20
    assert found[0] == ids[123]
    store.close()


def test_through_the_index_dense_search_gives_exact_searchs_list(large_corpus: str) -> None:
    """The index's candidates are re-scored exactly, so where they hold the exact top 10, the list is the same,
    order included: the claim check's evidence pool does not depend on which path found it."""
    store = open_store(large_corpus, readonly=True)
    ids, matrix = store.sentence_vectors()
    _, queries = planted_queries(matrix, np.random.default_rng(5))
    same = sum(dense_search(store, query, 10) == dense_top_k(query, ids, matrix, 10) for query in queries)
    assert same >= 45, same
    store.close()


def test_equal_vectors_are_ranked_by_id_on_both_paths() -> None:
    """Reprints share a vector: exact search and the re-scored index candidates both put the lower id first,
    whatever order the candidates came in."""
    rng = np.random.default_rng(6)
    matrix = clustered_vectors(rng, 400)
    matrix[[40, 90, 300]] = matrix[7]  # four copies of one sentence
    ids = list(range(1000, 1400))
    query = matrix[7].astype(np.float32)
    exact = dense_top_k(query, ids, matrix, 3)
    assert exact == [1007, 1040, 1090]
    shuffled = [1300, 1090, 1212, 1007, 1040, 99999]  # an id the store lacks is dropped
    assert exact_rerank(query, shuffled, ids, matrix, 3) == exact
    assert dense_top_k(query, ids, matrix, 4) == [1007, 1040, 1090, 1300]


def test_below_the_threshold_dense_search_is_exact(request: pytest.FixtureRequest, small_corpus: str, tmp_path: Path) -> None:
    store = copy_corpus(request, small_corpus, tmp_path)
    ids, matrix = store.sentence_vectors()
    queries = clustered_vectors(np.random.default_rng(4), 10).astype(np.float32)
    for query in queries:
        assert dense_search(store, query, 15) == dense_top_k(query, ids, matrix, 15)
    assert not index_path_for(store).exists()  # no index is built for a small corpus
    store.close()


def test_incremental_sync_adds_only_new_vectors_and_reloads(request: pytest.FixtureRequest, small_corpus: str, tmp_path: Path) -> None:
    store = copy_corpus(request, small_corpus, tmp_path)
    assert VectorIndex.for_store(store).sync(store) == SMALL
    extra = clustered_vectors(np.random.default_rng(5), 200)
    fill(store, extra, first_serial=10_000)
    assert VectorIndex.for_store(store).sync(store) == 200
    reloaded = VectorIndex.for_store(store)
    assert reloaded.sync(store) == 0
    assert reloaded.size == SMALL + 200
    ids, _ = store.sentence_vectors()
    assert reloaded.search(extra[7].astype(np.float32), 1) == [ids[SMALL + 7]]
    assert not list(index_path_for(store).parent.glob("*.tmp"))  # the atomic save left no temporary file
    store.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_index_file_is_rebuilt(request: pytest.FixtureRequest, small_corpus: str, tmp_path: Path, damage: str) -> None:
    store = copy_corpus(request, small_corpus, tmp_path)
    path = index_path_for(store)
    VectorIndex.for_store(store).sync(store)
    if damage == "garbage":
        path.write_bytes(b"not an index at all " * 50)
    else:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    index = VectorIndex.for_store(store)
    assert index.sync(store) == SMALL
    assert index.size == SMALL
    assert VectorIndex.for_store(store).sync(store) == 0  # the repaired file loads
    store.close()


def test_an_index_with_vectors_the_store_lacks_is_rebuilt(request: pytest.FixtureRequest, small_corpus: str, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shrunk = copy_corpus(request, small_corpus, tmp_path / "a")
    grown = copy_corpus(request, small_corpus, tmp_path / "b")
    fill(grown, clustered_vectors(np.random.default_rng(6), 100), first_serial=20_000)
    VectorIndex.for_store(grown).sync(grown)
    shutil.copy(index_path_for(grown), index_path_for(shrunk))
    index = VectorIndex.for_store(shrunk)
    assert index.sync(shrunk) == SMALL
    assert index.size == SMALL
    shrunk.close()
    grown.close()


@dataclass
class ServerStore:
    """Stands in for PostgresStore, which places its index by URL."""

    url: str


def test_server_index_path_ignores_the_password(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMTRACE_CACHE_DIR", str(tmp_path))
    first = index_path_for(ServerStore("postgresql://editor:hunter2@db.valdoria.example:5432/news"))
    second = index_path_for(ServerStore("postgresql://editor:other@db.valdoria.example:5432/news"))
    other_db = index_path_for(ServerStore("postgresql://editor:hunter2@db.valdoria.example:5432/archive"))
    assert first == second != other_db
    assert first.parent == tmp_path and "hunter2" not in str(first)
    assert url_without_password("postgresql://u:p@h/d?password=q&sslmode=require") == "postgresql://u@h/d?sslmode=require"


def test_retrieval_gives_each_hit_its_own_vectors_cosine(request: pytest.FixtureRequest, small_corpus: str,
                                                         tmp_path: Path, monkeypatch) -> None:
    """Retrieval finds a hit's vector by binary search over the ids (a map of every id cost 0.14 s a check at
    a million sentences), which holds only while ``sentence_vectors`` gives its ids ascending, row for row."""
    import claimtrace.retrieve.hybrid as hybrid

    with copy_corpus(request, small_corpus, tmp_path) as store:
        ids, matrix = store.sentence_vectors()
        assert ids == sorted(ids) and len(ids) == len(matrix) == SMALL
        query = matrix[1234].astype(np.float32)
        monkeypatch.setattr(hybrid, "embed_static", lambda texts: np.asarray([query]))
        results, _ = hybrid.retrieve(store, "Valdorian bulletin notes item", limit=40)
        row_of = dict(zip(ids, range(len(ids))))
        nearest = [r for r in results if r.vector_rank == 1]
        assert nearest and nearest[0].hit.sentence.id == ids[1234] and nearest[0].similarity > 0.99
        for r in results:
            expected = float(matrix[row_of[r.hit.sentence.id]].astype(np.float32) @ query)
            assert r.similarity == pytest.approx(expected, abs=1e-5)
