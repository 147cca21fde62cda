"""The provenance stage against a gold corpus, and traced on a folder of real articles.

    python -m claimtrace.evaluate provenance gold [--corpus DIR] [--gold FILE] [--json PATH]
    python -m claimtrace.evaluate provenance trace DIR --claim TEXT [--format text|json|dot] [--svg PATH]

``gold`` annotates the fictional fixture corpus (quotes and time stages
included), extracts citation edges and compares them with the answer key:
edge precision and recall per relation, then, for every gold claim, the
origins and the number of independent sources per stance, and the chains
that must appear. Documents are named by file, so the key survives edits
that change content hashes.

``trace`` ingests DIR into a temporary store with every ingest stage plus
provenance, retrieves the evidence for the claim, traces it and prints the
result; it also reports the provenance stage's speed in words per second.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CORPUS = ROOT / "tests" / "fixtures" / "provenance" / "corpus"
DEFAULT_GOLD = ROOT / "tests" / "fixtures" / "provenance" / "gold.json"


# ---------------------------------------------------------------------------
# annotation without a store


@dataclass
class AnnotatedCorpus:
    """Annotated documents by file name, with their edges and how long extraction took."""

    documents: dict[str, Any] = field(default_factory=dict)  # file name -> AnnotatedDocument
    edges: dict[str, list[Any]] = field(default_factory=dict)  # file name -> CitationEdge list
    extract_seconds: float = 0.0
    words: int = 0

    def doc_id(self, name: str) -> str:
        return self.documents[name].document.id

    def name_of(self, doc_id: str) -> str:
        return next(n for n, a in self.documents.items() if a.document.id == doc_id)

    def all_edges(self) -> list[Any]:
        return [e for name in sorted(self.edges) for e in self.edges[name]]


def annotate_corpus(folder: str | Path) -> AnnotatedCorpus:
    """Read, clean, parse and run the quotes and time stages on every file, then extract citations."""
    from claimtrace.clean import clean_document
    from claimtrace.ingest.readers import read_inputs
    from claimtrace.nlp.pipeline import load_nlp, sentences_from_doc
    from claimtrace.annotate import annotate_document
    from claimtrace.pipeline import select_stages
    from claimtrace.provenance.extract import extract_citations
    from claimtrace.records import Skip

    nlp = load_nlp()
    stages = select_stages(("quotes", "time"))
    corpus = AnnotatedCorpus()
    for item in read_inputs([str(folder)], 10_000_000):
        if isinstance(item, Skip):
            continue
        document = clean_document(item)
        doc = nlp(document.text)
        annotated = annotate_document(document, doc, sentences_from_doc(doc), stages)
        name = Path(document.source).name
        started = time.perf_counter()
        corpus.edges[name] = extract_citations(annotated)
        corpus.extract_seconds += time.perf_counter() - started
        corpus.words += document.word_count
        corpus.documents[name] = annotated
    return corpus


# ---------------------------------------------------------------------------
# the answer key


def key_for(token: str, corpus: AnnotatedCorpus) -> str:
    """Gold node names: 'doc:<file>' is that file's document node; '{<file>}' inside a key is its document id."""
    if token.startswith("doc:"):
        return f"document:{corpus.doc_id(token[4:])}"
    return re.sub(r"\{([^}]+)\}", lambda m: corpus.doc_id(m.group(1)), token)


def gold_edges(gold: dict[str, Any], corpus: AnnotatedCorpus) -> set[tuple[str, str, str, str]]:
    """(file, source, relation, target) for every gold edge."""
    out = set()
    for name, spec in gold["documents"].items():
        for source, relation, target in spec["edges"]:
            out.add((name, key_for(source, corpus), relation, key_for(target, corpus)))
    return out


def found_edges(corpus: AnnotatedCorpus) -> set[tuple[str, str, str, str]]:
    return {(name, e.source_node.key, e.relation, e.target_node.key) for name, edges in corpus.edges.items() for e in edges}


def evidence_for(claim: dict[str, Any], corpus: AnnotatedCorpus) -> list[Any]:
    """EvidenceRefs for a gold claim, its sentences named by file and a piece of their text."""
    from claimtrace.provenance.graph import EvidenceRef

    refs = []
    for item in claim["evidence"]:
        annotated = corpus.documents[item["file"]]
        matches = [s.index for s in annotated.sentences if item["sentence"] in s.text]
        if len(matches) != 1:
            raise ValueError(f"{item['file']}: {len(matches)} sentences contain {item['sentence']!r}")
        refs.append(EvidenceRef(annotated.document.id, matches[0], item.get("stance")))
    return refs


@dataclass
class ClaimResult:
    """What the trace of one gold claim got right."""

    claim_id: str
    origins_expected: dict[str, list[str]]
    origins_found: dict[str, list[str]]
    sources_expected: dict[str, int]
    sources_found: dict[str, int]
    chains_missing: list[list[str]]

    @property
    def ok(self) -> bool:
        return (
            self.origins_expected == self.origins_found
            and self.sources_expected == self.sources_found
            and not self.chains_missing
        )


def check_claim(claim: dict[str, Any], corpus: AnnotatedCorpus, graph: Any) -> tuple[ClaimResult, Any]:
    from claimtrace.provenance.graph import trace_claim

    refs = evidence_for(claim, corpus)
    trace = trace_claim(graph, refs, claim["claim"])
    origins_found: dict[str, set[str]] = {}
    for chain in trace.chains:
        origins_found.setdefault(chain.evidence.stance or "unknown", set()).add(chain.origin)
    expected_origins = {s: sorted(key_for(k, corpus) for k in keys) for s, keys in claim["origins"].items()}
    missing = []
    for want in claim.get("chains", []):
        start = key_for(want[0], corpus)
        path = [key_for(k, corpus) for k in want]
        if not any(c.nodes == path for c in trace.chains if c.nodes and c.nodes[0] == start):
            missing.append(want)
    result = ClaimResult(
        claim_id=claim["id"],
        origins_expected=expected_origins,
        origins_found={s: sorted(v) for s, v in origins_found.items()},
        sources_expected=claim["independent_sources"],
        sources_found=trace.count_by_stance(),
        chains_missing=missing,
    )
    return result, trace


def run_gold(corpus_dir: Path, gold_path: Path, json_path: str | None) -> int:
    from claimtrace.provenance.graph import ProvenanceGraph

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    corpus = annotate_corpus(corpus_dir)
    expected = gold_edges(gold, corpus)
    found = found_edges(corpus)
    relations = sorted({e[2] for e in expected | found})
    print(f"{len(corpus.documents)} documents, {corpus.words} words; extraction {corpus.words / max(corpus.extract_seconds, 1e-9):,.0f} words/s")
    print(f"{'relation':12s} {'gold':>5s} {'found':>6s} {'right':>6s} {'precision':>9s} {'recall':>7s}")
    report: dict[str, Any] = {"relations": {}, "claims": []}
    for relation in relations + ["all"]:
        exp = {e for e in expected if relation in {"all", e[2]}}
        got = {e for e in found if relation in {"all", e[2]}}
        right = len(exp & got)
        p = right / len(got) if got else 1.0
        r = right / len(exp) if exp else 1.0
        report["relations"][relation] = {"gold": len(exp), "found": len(got), "right": right, "precision": p, "recall": r}
        print(f"{relation:12s} {len(exp):5d} {len(got):6d} {right:6d} {p:9.3f} {r:7.3f}")
    for name, source, relation, target in sorted(found - expected):
        print(f"  extra   {name}: {source} -{relation}-> {target}")
    for name, source, relation, target in sorted(expected - found):
        print(f"  missing {name}: {source} -{relation}-> {target}")
    graph = ProvenanceGraph(corpus.all_edges())
    failures = 0
    for claim in gold["claims"]:
        result, _ = check_claim(claim, corpus, graph)
        failures += not result.ok
        print(f"claim {result.claim_id}: {'OK' if result.ok else 'WRONG'}; independent sources {result.sources_found} (gold {result.sources_expected})")
        if result.origins_found != result.origins_expected:
            print(f"  origins {result.origins_found} (gold {result.origins_expected})")
        for chain in result.chains_missing:
            print(f"  chain missing: {' -> '.join(chain)}")
        report["claims"].append({"id": result.claim_id, "ok": result.ok, "sources": result.sources_found, "gold_sources": result.sources_expected})
    if json_path:
        Path(json_path).write_text(json.dumps(report, indent=2), encoding="utf-8")
    exact = report["relations"]["all"]["precision"] == 1.0 and report["relations"]["all"]["recall"] == 1.0
    return 0 if exact and not failures else 1


# ---------------------------------------------------------------------------
# a real folder


def run_trace(folder: str, claim: str, fmt: str, svg: str | None, min_similarity: float) -> int:
    from claimtrace.annotate import STAGES, register_stage
    from claimtrace.pipeline import IngestOptions, ingest
    from claimtrace.provenance.graph import ProvenanceGraph
    from claimtrace.check import check_claim
    from claimtrace.provenance.query import retrieved_evidence
    from claimtrace.provenance.render import render_svg, to_dot, to_json, to_text
    from claimtrace.store import open_store

    collected: list[Any] = []
    if "provenance" not in STAGES:
        from claimtrace.provenance.extract import extract_citations

        @register_stage("provenance", requires=("quote_spans", "speaker_index", "quote_dates"), assigns=("citations",))
        def _collect(annotated: Any) -> None:
            annotated.citations = extract_citations(annotated)
            collected.extend(annotated.citations)

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "trace.db"))
        report = ingest([folder], store, IngestOptions())
        seconds = report.stage_seconds.get("provenance", 0.0)
        print(f"ingested {len(report.ingested)} documents, {report.words} words; provenance stage {seconds:.2f}s "
              f"= {report.words / max(seconds, 1e-9):,.0f} words/s", file=sys.stderr)
        if hasattr(store, "provenance_edges"):
            trace = check_claim(store, claim).provenance
        else:
            from claimtrace.provenance.graph import trace_claim

            evidence = retrieved_evidence(store, claim, min_similarity=min_similarity)
            print(f"{len(evidence)} retrieved sentence(s) with MiniLM cosine >= {min_similarity} (stance unknown)", file=sys.stderr)
            trace = trace_claim(ProvenanceGraph(collected), evidence, claim)
        store.close()
    if fmt == "json":
        print(json.dumps(to_json(trace), indent=2, ensure_ascii=False))
    elif fmt == "dot":
        print(to_dot(trace))
    else:
        print(to_text(trace))
    if svg:
        render_svg(trace, svg)
        print(f"picture written to {svg}", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.evaluate provenance", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    g = sub.add_parser("gold", help="score extraction and tracing against the fixture answer key")
    g.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    g.add_argument("--gold", default=str(DEFAULT_GOLD))
    g.add_argument("--json", default=None)
    t = sub.add_parser("trace", help="ingest a folder and trace one claim")
    t.add_argument("folder")
    t.add_argument("--claim", required=True)
    t.add_argument("--format", choices=["text", "json", "dot"], default="text")
    t.add_argument("--svg", default=None)
    t.add_argument("--min-similarity", type=float, default=None, help="retrieval-only evidence threshold (no stance model)")
    args = parser.parse_args(argv)
    if args.mode == "gold":
        return run_gold(Path(args.corpus), Path(args.gold), args.json)
    from claimtrace.provenance.query import MIN_SIMILARITY

    threshold = MIN_SIMILARITY if args.min_similarity is None else args.min_similarity
    return run_trace(args.folder, args.claim, args.format, args.svg, threshold)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
