"""The shipped verification model: the int8 ONNX file agrees with the framework it was trained in,
reads pairs the way a fact-checker would, and a claim check needs neither torch nor scikit-learn."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from claimtrace.verify.verifier import MODEL_DIR, Verifier

# int8 weights (per-channel) against fp32 torch on the 200 stored pairs, one pair per run (metrics.json
# "onnx_vs_torch_on_parity_pairs"): mean difference 0.043, largest 0.51 on a pair near a decision
# boundary, the same label on 93 % of pairs (the model before, trained from fp32 weights: 0.019 / 0.22 /
# 94 %; this one was trained on from its int8 file). The bounds below leave a little room, no more.
MEAN_TOLERANCE = 0.05
MAX_TOLERANCE = 0.6
SAME_LABEL = 0.92


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier.load()


def test_onnx_probabilities_match_the_training_framework_on_200_pairs(verifier: Verifier) -> None:
    rows = [json.loads(line) for line in (MODEL_DIR / "parity_pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200
    ours = verifier.probabilities([r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    theirs = np.asarray([r["torch_probs"] for r in rows], dtype=np.float32)
    diff = np.abs(ours - theirs)
    assert diff.mean() < MEAN_TOLERANCE, f"mean difference {diff.mean():.4f}"
    assert diff.max() < MAX_TOLERANCE, f"max difference {diff.max():.4f}"
    assert (ours.argmax(1) == theirs.argmax(1)).mean() >= SAME_LABEL
    assert np.allclose(ours.sum(1), 1.0, atol=1e-4)


def test_model_files_are_small_and_described() -> None:
    sizes = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert sizes < 30 * 1024 * 1024
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    for split in ("dev_permissive", "check_covid_test", "fever_adversarial_test"):
        assert split in card and split in metrics["onnx_int8"]
    assert "CC BY-SA" in card


@pytest.mark.parametrize(
    ("evidence", "claim", "label"),
    [
        ("The Orvel Dam was opened in 1962 after six years of building.", "The Orvel Dam opened in 1962.", 0),
        ("The Orvel Dam was opened in 1962 after six years of building.", "The Orvel Dam opened in 1985.", 1),
        ("Officials denied reports that the Orvel Dam had burst.", "The Orvel Dam burst.", 1),
    ],
)
def test_plain_cases_get_the_label_a_reader_would_give(verifier: Verifier, evidence: str, claim: str, label: int) -> None:
    probs = verifier.probabilities([evidence], claim)[0]
    assert int(probs.argmax()) == label, probs


def test_a_pair_s_probabilities_do_not_depend_on_what_else_is_judged(verifier: Verifier) -> None:
    # Dynamic int8 quantisation scales activations per run: batched, a pair moved with its batch-mates
    # (by up to 0.15 on real pairs). Each pair runs alone, so its figures are its own.
    pairs = [("The mill closed in 1990.", "The mill closed."), ("A short one.", "Something else entirely happened in Varn.")] * 20
    together = verifier.probabilities([p for p, _ in pairs], [h for _, h in pairs])
    alone = verifier.probabilities([pairs[1][0]], [pairs[1][1]])
    assert np.array_equal(together[1], alone[0])
    shuffled = verifier.probabilities([pairs[1][0], "Another sentence about the harbour entirely.", pairs[0][0]],
                                      [pairs[1][1], pairs[1][1], pairs[0][1]])
    assert np.array_equal(shuffled[0], alone[0]) and np.array_equal(shuffled[2], together[0])


def test_a_claim_check_imports_neither_torch_nor_scikit_learn(tmp_path) -> None:
    from claimtrace.service import Workbench

    (tmp_path / "a.txt").write_text("The Borvian navy seized a cargo ship off Tessaly on Tuesday, officials said.\n", encoding="utf-8")
    with Workbench(tmp_path / "c.db") as bench:  # the ingest may use what it likes; the check is what is tested
        bench.ingest([str(tmp_path / "a.txt")])
    script = textwrap.dedent(
        f"""
        import sys
        # Block them outright: spaCy's thinc imports torch when it is installed (the train extra); the
        # check must work, and give its judgements, without either.
        for name in ("torch", "sklearn", "transformers"):
            sys.modules[name] = None
        from claimtrace.service import Workbench
        with Workbench({str(tmp_path / 'c.db')!r}) as bench:
            result = bench.check("The Borvian navy seized a cargo ship.")
        assert result.evidence and result.evidence[0].probabilities, result.evidence
        print(sorted(m for m in ("torch", "sklearn", "transformers") if sys.modules.get(m) is not None))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_background_load_is_the_one_load_the_judge_then_uses() -> None:
    """A cold check starts the verifier's load on a thread (check.py); a load asked for meanwhile waits
    for it instead of building a second session, and once loaded no thread is started again."""
    import claimtrace.verify.verifier as module

    saved = dict(module._LOADED)
    module._LOADED.clear()
    try:
        thread = module.load_in_background()
        assert thread is not None
        loaded = Verifier.load()  # asked while the thread may still be building the session
        thread.join(timeout=60)
        assert not thread.is_alive()
        assert Verifier.load() is loaded
        assert list(module._LOADED.values()) == [loaded]  # one session, not two
        assert module.load_in_background() is None
    finally:
        module._LOADED.clear()
        module._LOADED.update(saved)


def test_a_background_load_that_fails_prints_nothing_and_leaves_the_error_to_the_check(tmp_path, monkeypatch) -> None:
    """A broken model folder: the thread ends quietly (an exception escaping it would print a traceback);
    the judge's own load raises, and the CLI reports that in one line."""
    import threading

    import claimtrace.verify.verifier as module

    escaped: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))
    broken = tmp_path / "verifier"
    broken.mkdir()
    (broken / "config.json").write_text('{"labels": ["supports", "refutes", "neutral"], "max_tokens": 128}')
    thread = module.load_in_background(broken)
    assert thread is not None
    thread.join(timeout=60)
    assert escaped == []
    with pytest.raises(Exception):
        Verifier.load(broken)
    assert str(broken) not in module._LOADED
