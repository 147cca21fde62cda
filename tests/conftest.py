"""Shared test helpers: paths and a fresh SQLite corpus per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_CORPUS = REPO / "examples" / "demo_corpus" / "articles"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def workbench(db_path: Path):
    from claimtrace.service import Workbench

    with Workbench(db_path) as bench:
        yield bench
