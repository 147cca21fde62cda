"""The stance model: denials read as refutes, affirmations as supports, and the evaluation commands.

The claims and sentences here are invented (fictional republics and people)
and are not in ``train/stance/extra_pairs.csv``, so they test generalisation
rather than recall of training pairs.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimtrace.evaluate import emergent as emergent_command
from claimtrace.evaluate import fnc1 as fnc1_command
from claimtrace.verify.stance import StanceModel, StanceResult
from claimtrace.verify.stance_data import read_extra_pairs
from claimtrace.verify.stance_metrics import fnc_score, stance_report

EXTRA_PAIRS = Path(__file__).resolve().parents[1] / "train" / "stance" / "extra_pairs.csv"

PIPELINE_CLAIM = "Governor Elsa Maren approved the Tarrow pipeline."
ALLIANCE_CLAIM = "The Ostrel Accord is a military alliance between Valdoria and Brenmark."

DENIALS = [
    (PIPELINE_CLAIM, "Governor Elsa Maren denied that she had approved the Tarrow pipeline."),
    (PIPELINE_CLAIM, "There is no proof that Governor Maren approved the Tarrow pipeline."),
    (PIPELINE_CLAIM, "The governor's office said there were no plans to approve the Tarrow pipeline."),
    (PIPELINE_CLAIM, "Governor Maren has not approved the Tarrow pipeline, her spokeswoman said."),
    (ALLIANCE_CLAIM, "The Ostrel Accord is not a military alliance, the Brenmark foreign minister said."),
    (ALLIANCE_CLAIM, "Valdoria denied that the Ostrel Accord created any military alliance with Brenmark."),
    (ALLIANCE_CLAIM, "Brenmark has no plans for a military alliance with Valdoria, officials said."),
]

AFFIRMATIONS = [
    (PIPELINE_CLAIM, "Governor Elsa Maren approved the Tarrow pipeline on Monday, clearing the way for construction."),
    (PIPELINE_CLAIM, "The Tarrow pipeline was approved by Governor Maren, her office confirmed."),
    (ALLIANCE_CLAIM, "Valdoria and Brenmark signed the Ostrel Accord, a military alliance binding both armies."),
    (ALLIANCE_CLAIM, "Under the Ostrel Accord, Valdoria and Brenmark are now military allies."),
]


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def test_load_is_cached_per_process(model: StanceModel) -> None:
    assert StanceModel.load() is model


@pytest.mark.parametrize(("claim", "sentence"), DENIALS)
def test_denials_are_refutes(model: StanceModel, claim: str, sentence: str) -> None:
    [result] = model.predict(claim, [sentence])
    assert result.label == "refutes", result


@pytest.mark.parametrize(("claim", "sentence"), AFFIRMATIONS)
def test_affirmations_are_supports(model: StanceModel, claim: str, sentence: str) -> None:
    [result] = model.predict(claim, [sentence])
    assert result.label == "supports", result


def test_off_topic_sentence_is_neutral_and_unrelated(model: StanceModel) -> None:
    [result] = model.predict(PIPELINE_CLAIM, ["The Valdorian chess championship ended in a draw on Sunday."])
    assert result.label == "neutral"
    assert result.related < 0.5


def test_results_are_well_formed_and_in_input_order(model: StanceModel) -> None:
    sentences = [AFFIRMATIONS[0][1], DENIALS[0][1], "The weather in Brenmark was mild."]
    results = model.predict(PIPELINE_CLAIM, sentences)
    assert [type(r) for r in results] == [StanceResult] * 3
    for result in results:
        assert set(result.probs) == {"supports", "refutes", "neutral"}
        assert sum(result.probs.values()) == pytest.approx(1.0)
        assert result.probability == max(result.probs.values()) == result.probs[result.label]
        assert 0.0 <= result.related <= 1.0
    assert [r.label for r in results] == [r.label for r in (model.predict(PIPELINE_CLAIM, [s])[0] for s in sentences)]


def test_empty_sentence_list(model: StanceModel) -> None:
    assert model.predict(PIPELINE_CLAIM, []) == []


def test_fnc_score_follows_the_official_weights() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    predicted = ["agree", "discuss", "unrelated", "unrelated", "agree"]
    # agree exact 1.0; disagree->discuss 0.25; discuss->unrelated 0; unrelated exact 0.25; unrelated->agree 0.
    assert fnc_score(gold, predicted) == (1.5, 3.5)


def test_stance_report_macro_f1_and_confusion() -> None:
    report = stance_report(["for", "for", "against"], ["for", "against", "against"], ["for", "against", "observing"])
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.confusion == [[1, 1, 0], [0, 1, 0], [0, 0, 0]]
    assert report.per_class_f1["observing"] == 0.0


def test_extra_pairs_cover_denials_and_each_label() -> None:
    pairs = read_extra_pairs(EXTRA_PAIRS)
    assert len(pairs) >= 60
    assert {p.stance for p in pairs} == {"agree", "disagree", "discuss", "unrelated"}
    refuting = " ".join(p.sentence.lower() for p in pairs if p.stance == "disagree")
    for cue in ("denied", "no proof", "no plans", "not a military alliance"):
        assert cue in refuting


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_fnc1_command_reads_the_competition_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bodies = _write_csv(
        tmp_path / "bodies.csv",
        ["Body ID", "articleBody"],
        [
            ["7", "Governor Elsa Maren approved the Tarrow pipeline on Monday.\n\nConstruction starts in May."],
            ["9", "The Brenmark chess federation crowned a new champion. The final lasted six hours."],
        ],
    )
    stances = _write_csv(
        tmp_path / "stances.csv",
        ["Headline", "Body ID", "Stance"],
        [[PIPELINE_CLAIM, "7", "agree"], [PIPELINE_CLAIM, "9", "unrelated"]],
    )
    assert fnc1_command.main([str(stances), str(bodies)]) == 0
    out = capsys.readouterr().out
    assert "FNC-1 score:" in out and "macro-F1:" in out and "confusion matrix" in out
    assert "pairs: 2" in out


def test_emergent_command_reads_the_emergent_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_csv(
        tmp_path / "emergent.csv",
        ["id", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"],
        [
            ["0", PIPELINE_CLAIM, AFFIRMATIONS[0][1], "for", "a1", "c1"],
            ["1", PIPELINE_CLAIM, DENIALS[0][1], "against", "a2", "c1"],
            ["2", PIPELINE_CLAIM, "Governor Maren may approve the Tarrow pipeline, sources say?", "observing", "a3", "c1"],
        ],
    )
    assert emergent_command.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "accuracy:" in out and "macro-F1:" in out and "pairs: 3" in out


def test_exported_arrays_predict_what_scikit_learn_predicts() -> None:
    """The check loads the exported arrays; they must give the scikit-learn model's probabilities."""
    import numpy as np

    arrays, sk = StanceModel.load(arrays=True), StanceModel.load(arrays=False)
    assert type(arrays.classifiers).__name__ == "ArrayClassifiers"
    assert type(sk.classifiers).__name__ == "StanceClassifiers"
    claim = "Norland and Ostmark signed a customs union"
    sentences = ["Norland denied that any union was signed.", "The union was signed in Porvik.", "Rain fell.", ""]
    for a, b in zip(arrays.predict(claim, sentences), sk.predict(claim, sentences)):
        assert a.label == b.label
        assert max(abs(a.probs[k] - b.probs[k]) for k in a.probs) < 1e-9
    rng = np.random.default_rng(7)
    features = rng.normal(size=(300, sk.classifiers.stance_model.n_features_in_))
    features[rng.random(features.shape) < 0.05] = np.nan  # missing values take the learned side
    got = arrays.classifiers.stance_model.predict_proba(features)
    assert np.abs(got - sk.classifiers.stance_model.predict_proba(features)).max() < 1e-9
    k = sk.classifiers.related_feature_count
    got = arrays.classifiers.related_model.predict_proba(features[:, :k])
    assert np.abs(got - sk.classifiers.related_model.predict_proba(features[:, :k])).max() < 1e-9


def test_a_claim_check_does_not_import_scikit_learn(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from claimtrace.verify.stance import StanceModel\n"
        "StanceModel.load().predict('Norland signed a pact', ['Norland denied it.'])\n"
        "print('sklearn' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
