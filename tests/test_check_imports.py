"""What a cold `claimtrace check` loads: the static embedder from the package files (as model2vec would, without the hub client) and no ingest-side code."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from claimtrace.retrieve.embedder import STATIC_MODEL_DIR, embed_static, static_model

TEXTS = [
    "Valdoria and Kestrania signed a border memorandum on 14 March 2023.",
    "The minister said on Monday that talks had begun.",
    "word " * 900,  # past the model's 512-token limit: truncation must match
    "",
    "Ünïcödé café, 東京 and an emoji 🙂",
]


def test_vectors_equal_model2vec_loader() -> None:
    from model2vec import StaticModel

    reference = StaticModel.from_pretrained(str(STATIC_MODEL_DIR))
    ours = static_model()
    assert np.array_equal(ours.encode(TEXTS), reference.encode(TEXTS))
    assert ours.normalize == reference.normalize and ours.max_length == reference.max_length


def test_embed_static_is_unit_length_float16() -> None:
    vectors = embed_static(TEXTS[:2])
    assert vectors.dtype == np.float16 and vectors.shape == (2, 256)
    assert np.allclose(np.linalg.norm(vectors.astype(np.float32), axis=1), 1.0, atol=1e-2)


def test_loading_does_not_import_the_hub_client() -> None:
    code = (
        "import sys\n"
        "from claimtrace.retrieve.embedder import embed_static\n"
        "embed_static(['a claim'])\n"
        "print('huggingface_hub' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_check_does_not_load_the_ingest_side_of_provenance() -> None:
    """The check needs the provenance graph; the citation extractor (ingest only) loads on first use."""
    code = (
        "import sys\n"
        "import claimtrace.check, claimtrace.provenance.graph\n"
        "print('claimtrace.provenance.extract' in sys.modules)\n"
        "from claimtrace.provenance import extract_citations, trace_claim\n"
        "print(callable(extract_citations), callable(trace_claim))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True"]


def test_a_check_loads_neither_networkx_nor_the_cleaning_stage() -> None:
    """networkx (about 0.15 s) and clean's ftfy/dateparser (about 0.15 s) are ingest- or drawing-side: a cold
    check parses the claim and builds the citation graph without them."""
    code = (
        "import sys\n"
        "import claimtrace.check\n"
        "from claimtrace.provenance.graph import ProvenanceGraph\n"
        "from claimtrace.verify.claim_match import parse_text\n"
        "parse_text('The Valdorian defence ministry said it has no plans to sign a pact.')\n"
        "ProvenanceGraph([])\n"
        "print(*(m in sys.modules for m in ('networkx', 'claimtrace.clean', 'ftfy', 'dateparser')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * 4


def test_the_command_line_keeps_an_installed_torch_out(tmp_path) -> None:
    """With torch installed, spaCy's thinc imports it (1.2 s of a cold check); the CLI never lets it in.

    A stand-in torch package records that it was imported, then fails the import as a missing one would."""
    from claimtrace.service import Workbench

    fake = tmp_path / "site" / "torch"
    fake.mkdir(parents=True)
    marker = tmp_path / "torch-imported"
    (fake / "__init__.py").write_text(
        f"open({str(marker)!r}, 'a').write('imported')\nraise ImportError('stand-in torch')\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("The Borvian navy seized a cargo ship off Tessaly on Tuesday, officials said.\n", encoding="utf-8")
    db = tmp_path / "c.db"
    with Workbench(db) as bench:
        bench.ingest([str(tmp_path / "a.txt")])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(tmp_path / "site"), os.environ.get("PYTHONPATH")) if p)}
    control = subprocess.run([sys.executable, "-c", "import spacy"], capture_output=True, text=True, env=env, timeout=300)
    assert control.returncode == 0 and marker.exists(), "the stand-in torch is not on the path thinc imports from"
    marker.unlink()
    run = [sys.executable, "-c", "import sys; from claimtrace.cli import main; sys.argv = sys.argv[1:]; main()",
           "claimtrace", "check", "The Borvian navy seized a cargo ship.", "--db", str(db)]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Borvian" in done.stdout and not marker.exists()
