"""Shared test helpers: paths, and a fresh corpus per test on each store backend.

Every test that reads or writes a store takes ``store_url`` (or ``workbench``,
built on it) and so runs twice: ``[sqlite]`` on a fresh SQLite file and
``[postgres]`` on a fresh database of the session's PostgreSQL server
(tests/pg_server.py: skipped without a server, failed in CI). Module-scoped
corpora use ``new_store_url`` with ``MODULE_BACKENDS``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from pg_server import PostgresServer, pg_server, pg_url  # noqa: E402,F401  (fixtures for every test module)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_CORPUS = REPO / "examples" / "demo_corpus" / "articles"
SEEDS = REPO.parent / "shared" / "seeds"

BACKENDS = ["sqlite", "postgres"]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def new_store_url(request: pytest.FixtureRequest, backend: str, folder: Path, name: str = "corpus.db") -> str:
    """A fresh, empty store of ``backend``: a SQLite path in ``folder``, or a new PostgreSQL database.

    The database is dropped when ``request``'s scope ends.
    """
    if backend == "sqlite":
        return str(folder / name)
    server: PostgresServer = request.getfixturevalue("pg_server")
    url = server.create_database()
    request.addfinalizer(lambda: server.drop_database(url))
    return url


def clone_store(request: pytest.FixtureRequest, url: str, folder: Path) -> str:
    """A copy of a closed store that tests may change without touching the original.

    PostgreSQL copies with ``CREATE DATABASE ... TEMPLATE``, which needs no
    other session on the original: clone before opening it again.
    """
    if not is_postgres(url):
        source = Path(url)
        for sibling in source.parent.glob(source.name + "*"):  # the file, its WAL, an ANN index beside it
            shutil.copy(sibling, folder / sibling.name)
        return str(folder / source.name)
    server: PostgresServer = request.getfixturevalue("pg_server")
    copy = server.create_database(template=url)
    request.addfinalizer(lambda: server.drop_database(copy))
    return copy


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store of each backend (test ids end in [sqlite] / [postgres])."""
    return new_store_url(request, request.param, tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite file path, for the tests about SQLite itself (FTS5 tables, PRAGMA integrity_check)."""
    return tmp_path / "corpus.db"


@pytest.fixture
def workbench(store_url: str):
    from claimtrace.service import Workbench

    with Workbench(store_url) as bench:
        yield bench


@pytest.fixture(autouse=True, scope="session")
def _ann_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """ANN index files of server stores go to a throwaway folder, never the user's cache."""
    folder = tmp_path_factory.mktemp("ann-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAIMTRACE_CACHE_DIR", str(folder))
        yield folder
