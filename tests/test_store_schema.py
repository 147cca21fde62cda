"""One migration source, two schemas: SQLite and PostgreSQL end with the same tables, columns and indexes."""

from __future__ import annotations

from pathlib import Path

from claimtrace.store import open_store
from claimtrace.store.dialect import postgres_dialect, sqlite_dialect
from claimtrace.store.sql import render_migration

# Column types of the two backends, by what they hold (PostgreSQL's booleans are SQLite's 0/1 integers).
KINDS = {
    "integer": "int", "bigint": "int", "boolean": "int", "text": "text", "jsonb": "text", "bytea": "bytes",
    "timestamp with time zone": "text", "blob": "bytes",
}
# What only one backend has, by design: each one's full-text index.
FULL_TEXT = {"sentences_fts", "sentences_fts_config", "sentences_fts_data", "sentences_fts_docsize", "sentences_fts_idx"}


def sqlite_schema(store) -> tuple[dict[str, dict[str, tuple[str, bool]]], set[str]]:
    tables = {}
    for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if name in FULL_TEXT:
            continue
        tables[name] = {r["name"]: (KINDS[r["type"].lower()], bool(r["notnull"] or r["pk"])) for r in store.conn.execute(f"PRAGMA table_info('{name}')")}
    indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    return tables, indexes


def postgres_schema(store) -> tuple[dict[str, dict[str, tuple[str, bool]]], set[str]]:
    tables: dict[str, dict[str, tuple[str, bool]]] = {}
    for r in store.conn.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
    ):
        if (r["table_name"], r["column_name"]) == ("sentences", "tsv"):
            continue
        tables.setdefault(r["table_name"], {})[r["column_name"]] = (KINDS[r["data_type"]], r["is_nullable"] == "NO")
    indexes = {
        r["indexname"] for r in store.conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        if not r["indexname"].endswith(("_pkey", "_key")) and r["indexname"] != "sentences_tsv"
    }
    return tables, indexes


def test_both_backends_build_the_same_schema(tmp_path: Path, pg_url: str) -> None:
    with open_store(str(tmp_path / "corpus.db")) as sqlite_store, open_store(pg_url) as postgres_store:
        lite_tables, lite_indexes = sqlite_schema(sqlite_store)
        pg_tables, pg_indexes = postgres_schema(postgres_store)
        assert sqlite_store.schema_version() == postgres_store.schema_version()
    assert set(lite_tables) == set(pg_tables)
    for table, columns in lite_tables.items():
        assert columns == pg_tables[table], table
    assert lite_indexes == pg_indexes
    assert "speaker_registry" in lite_tables and "entities_doc" in lite_indexes  # the comparison saw the whole schema


def test_a_migration_source_renders_each_backends_sections_and_types() -> None:
    source = (
        "CREATE TABLE t (\n    id {{id}},\n    flags {{json}} NOT NULL,\n-- [postgres]\n    tsv TSVECTOR,\n"
        "-- [both]\n    done {{bool}} NOT NULL DEFAULT {{false}}\n);\n-- [sqlite]\nCREATE VIRTUAL TABLE f USING fts5(x);\n"
    )
    lite = render_migration(source, sqlite_dialect())
    pg = render_migration(source, postgres_dialect())
    assert "id INTEGER PRIMARY KEY," in lite and "flags TEXT NOT NULL" in lite and "DEFAULT 0" in lite
    assert "fts5" in lite and "TSVECTOR" not in lite and "{{" not in lite
    assert "GENERATED ALWAYS AS IDENTITY" in pg and "JSONB" in pg and "BOOLEAN NOT NULL DEFAULT FALSE" in pg
    assert "TSVECTOR" in pg and "fts5" not in pg and "-- [" not in pg


def test_a_migration_applied_by_a_concurrent_process_is_skipped(tmp_path, monkeypatch) -> None:
    """Two ingests opening one new SQLite file: the second finds a version applied while it waited.

    Simulated deterministically: the store reads the applied versions before another process writes
    0007 (its statements are IF NOT EXISTS, so they rerun cleanly and only the version row collides).
    """
    from claimtrace.store.sqlite import SQLiteStore

    path = tmp_path / "shared.db"
    SQLiteStore(path).close()  # the first process: every migration applied
    stale_read = {"done": False}
    real_applied = SQLiteStore._applied

    def applied_before_the_other_process_wrote(self):  # type: ignore[no-untyped-def]
        versions = real_applied(self)
        if not stale_read["done"]:
            stale_read["done"] = True
            return versions - {max(versions)}
        return versions

    monkeypatch.setattr(SQLiteStore, "_applied", applied_before_the_other_process_wrote)
    store = SQLiteStore(path)  # the second process: must open, not fail on the version row
    try:
        assert stale_read["done"]
        assert store.schema_version() == max(real_applied(store))
    finally:
        store.close()
