"""Every command that takes ``--format json`` prints one JSON document of the shape docs/json-schema.md gives.

The commands run in-process (Typer's runner) on one small SQLite corpus of two invented articles, so the
models load once for the module. The set of commands is read from the CLI itself: a new command with a
``--format json`` option and no test here fails ``test_every_json_command_is_covered``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "json-schema.md"

ARTICLES = {
    "brenholt_wire.txt": (
        "Brenholt council approves new ferry line\n"
        "By Ada Morrow | Lakeside Wire\n"
        "Published: 12 May 2025\n\n"
        "BRENHOLT - The Brenholt town council on Monday approved a ferry line across Lake Tamsin, "
        "to start running in September.\n\n"
        "\u201cThe ferry will cut the trip to the hospital from an hour to fifteen minutes,\u201d "
        "mayor Ilka Dorn told reporters. The council voted 9 to 2.\n\n"
        "According to the Tamsin Courier, the ferry will cost 4 million crowns a year.\n"
    ),
    "tamsin_courier.json": json.dumps({
        "title": "Ferry will cost 4 million a year, council papers show",
        "text": "The ferry line planned by Brenholt will cost 4 million crowns a year, council papers seen by the "
                "Tamsin Courier show.\n\nOpposition councillor Per Vang said the money would be better spent on "
                "roads. \u201cA ferry is a luxury,\u201d Vang said on Friday.",
        "author": "Nora Vik",
        "date": "2025-05-09",
        "outlet": "Tamsin Courier",
        "url": "https://tamsin-courier.example/ferry-cost",
    }),
}

CLAIM = "The ferry will cost 4 million crowns a year"

# command -> (arguments after the command name, schema name, top-level keys the docs promise)
COMMANDS: dict[str, tuple[list[str], str, set[str]]] = {
    "docs": ([], "documents", {"count", "documents"}),
    "show": (["<DOC>"], "document", {"document", "text", "repairs", "removed_lines", "sentences"}),
    "search": (["ferry cost"], "search", {"query", "count", "hits"}),
    "quotes": ([], "quotes", {"count", "quotes"}),
    "speakers": ([], "speakers", {"count", "speakers"}),
    "timeline": ([], "timeline", {"count", "excluded", "entries"}),
    "check": ([CLAIM], "check", {"claim", "as_of", "verdict", "explanation", "evidence_for", "evidence_against",
                                 "positions", "evidence", "excluded", "provenance", "timing"}),
    "trace": ([CLAIM], "trace", {"claim", "as_of", "independent_sources", "independent_sources_by_stance",
                                 "sources_carrying_claim", "sources", "origins", "chains", "nodes", "edges"}),
    "sources": ([], "sources", {"nodes", "edges"}),
}


def run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    payload = json.loads(result.stdout)  # one JSON document, nothing else on stdout
    assert isinstance(payload, dict)
    assert payload["schema_version"] == 1
    return payload


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("json_corpus")
    articles = folder / "in"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    db = str(folder / "corpus.db")
    report = run_json("ingest", str(articles), "--db", db, "--format", "json")
    return {"db": db, "ingest": report}


def json_commands() -> set[str]:
    """Commands of the CLI whose --format option (an Enum) offers json."""
    import enum
    import typing

    found = set()
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        for hint in typing.get_type_hints(info.callback, include_extras=True).values():
            base = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
            options = typing.get_args(hint)[1:] if typing.get_origin(hint) is typing.Annotated else ()
            is_format = any("--format" in (getattr(o, "default", None), *(getattr(o, "param_decls", None) or ())) for o in options)
            if is_format and isinstance(base, type) and issubclass(base, enum.Enum) and "json" in base.__members__:
                found.add(name)
    return found


def test_every_json_command_is_covered() -> None:
    assert json_commands() == set(COMMANDS) | {"ingest"}


def test_every_json_command_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = dict(re.findall(r"^## `claimtrace (\w+)[^`]*--format json` → `claimtrace\.(\w+)`", text, re.M))
    assert documented == {"ingest": "ingest", **{name: schema for name, (_, schema, _) in COMMANDS.items()}}


def test_ingest_json(corpus: dict[str, Any]) -> None:
    report = corpus["ingest"]
    assert report["schema"] == "claimtrace.ingest"
    assert {"ingested", "duplicates", "skipped", "skip_reasons", "documents", "words", "seconds", "totals"} <= set(report)
    assert report["ingested"] == 2 and report["skipped"] == 0
    assert report["totals"]["documents"] == 2


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_json(corpus: dict[str, Any], command: str) -> None:
    args, schema, keys = COMMANDS[command]
    args = [corpus["ingest"]["documents"][0] if a == "<DOC>" else a for a in args]
    payload = run_json(command, *args, "--db", corpus["db"], "--format", "json")
    assert payload["schema"] == f"claimtrace.{schema}"
    assert keys <= set(payload), keys - set(payload)
    if "count" in payload:
        listed = next(v for k, v in payload.items() if isinstance(v, list))
        assert payload["count"] == len(listed)


def test_listings_have_content(corpus: dict[str, Any]) -> None:
    db = corpus["db"]
    docs = run_json("docs", "--db", db, "-f", "json")
    assert {d["outlet"] for d in docs["documents"]} >= {"Tamsin Courier"}
    hits = run_json("search", "ferry cost", "--db", db, "-f", "json")["hits"]
    assert hits and all({"text", "score", "document"} <= set(h) for h in hits)
    quotes = run_json("quotes", "--db", db, "-f", "json")["quotes"]
    assert any("luxury" in q["text"] and q["speaker"]["name"].endswith("Vang") for q in quotes)


def test_trace_json_keeps_the_claim_as_asked(corpus: dict[str, Any]) -> None:
    # It used to fail with "envelope() got multiple values for keyword argument 'claim'".
    payload = run_json("trace", CLAIM, "--db", corpus["db"], "--format", "json", "--as-of", "2025-05-31")
    assert payload["claim"] == CLAIM
    assert payload["as_of"] == "2025-05-31"
    for edge in payload["edges"]:
        assert {"source", "target", "relation", "doc_id", "sentence_index"} <= set(edge)
    node_keys = {n["key"] for n in payload["nodes"]}
    assert all(c["origin"] in node_keys or c["origin"] is None for c in payload["chains"])
