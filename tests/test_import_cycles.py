"""No import loop among the ingest pipeline, its stages, and the claim check (grimp's import graph).

The graph holds every import statement, those inside functions included (a
lazy import still runs in a loop), and leaves out those under
``if TYPE_CHECKING:``, which never run. A loop is a strongly connected set of
two or more modules; none may hold a module watched here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import grimp
import networkx as nx
import pytest

# The ingest pipeline and its stages, and the query side that provenance shares with the check.
WATCHED_PACKAGES = (
    "claimtrace.annotate",
    "claimtrace.pipeline",
    "claimtrace.stages",
    "claimtrace.records",
    "claimtrace.engines",
    "claimtrace.clean",
    "claimtrace.nlp",
    "claimtrace.quotes",
    "claimtrace.time",
    "claimtrace.provenance",
    "claimtrace.retrieve.embedder",
    "claimtrace.check",
    "claimtrace.verify",
)


def import_loops(package: str) -> list[set[str]]:
    """Every set of two or more modules of ``package`` that import each other in a loop."""
    graph = grimp.build_graph(package, cache_dir=None, exclude_type_checking_imports=True)
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    return [loop for loop in nx.strongly_connected_components(edges) if len(loop) > 1]


def watched(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in WATCHED_PACKAGES)


def test_no_import_loop_touches_the_pipeline_its_stages_or_the_check() -> None:
    loops = [sorted(loop) for loop in import_loops("claimtrace") if any(watched(m) for m in loop)]
    assert loops == []


def test_the_watched_modules_exist() -> None:
    """A renamed module would leave the check above watching nothing."""
    modules = grimp.build_graph("claimtrace", cache_dir=None).modules
    for name in ("claimtrace.pipeline", "claimtrace.stages", "claimtrace.annotate", "claimtrace.provenance.stage",
                 "claimtrace.provenance.query", "claimtrace.check", "claimtrace.engines.ray_engine"):
        assert name in modules


def test_a_loop_through_a_function_level_import_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The detector itself: the shape the ingest had (a registry importing its stages lazily, the stages importing it)."""
    package = tmp_path / "loopy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pipeline.py").write_text(textwrap.dedent("""
        def load():
            import loopy.stages
    """))
    (package / "stages.py").write_text("from loopy.pipeline import load\n")
    (package / "typed.py").write_text(textwrap.dedent("""
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            import loopy.other
    """))
    (package / "other.py").write_text("import loopy.typed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_loops("loopy") == [{"loopy.pipeline", "loopy.stages"}]
