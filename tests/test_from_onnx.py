"""train/verifier/from_onnx.py reads the shipped verifier's weights without the ``onnx`` package.

A lent GPU machine's image may lack ``onnx``; the GPU run starts from these weights, so the reader of the
protobuf wire format must give every parameter of the BERT classifier, with its shape, from the int8 file.
"""

from __future__ import annotations

import sys

import numpy as np
from conftest import REPO

sys.path.insert(0, str(REPO / "train" / "verifier"))

from from_onnx import BERT_SHAPE, SHIPPED, _read_graph, dequantised_weights  # noqa: E402


def expected_shapes() -> dict[str, tuple[int, ...]]:
    """BertForSequenceClassification's parameters (position ids aside), by torch name, for BERT_SHAPE."""
    h, ffn = BERT_SHAPE["hidden_size"], BERT_SHAPE["intermediate_size"]
    shapes = {
        "bert.embeddings.word_embeddings.weight": (BERT_SHAPE["vocab_size"], h),
        "bert.embeddings.position_embeddings.weight": (BERT_SHAPE["max_position_embeddings"], h),
        "bert.embeddings.token_type_embeddings.weight": (BERT_SHAPE["type_vocab_size"], h),
        "bert.embeddings.LayerNorm.weight": (h,), "bert.embeddings.LayerNorm.bias": (h,),
        "bert.pooler.dense.weight": (h, h), "bert.pooler.dense.bias": (h,),
        "classifier.weight": (3, h), "classifier.bias": (3,),
    }
    for i in range(BERT_SHAPE["num_hidden_layers"]):
        layer = f"bert.encoder.layer.{i}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            shapes[layer + name + ".weight"], shapes[layer + name + ".bias"] = (h, h), (h,)
        shapes[layer + "intermediate.dense.weight"], shapes[layer + "intermediate.dense.bias"] = (ffn, h), (ffn,)
        shapes[layer + "output.dense.weight"], shapes[layer + "output.dense.bias"] = (h, ffn), (h,)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[layer + norm + ".weight"], shapes[layer + norm + ".bias"] = (h,), (h,)
    return shapes


def test_the_shipped_weights_are_read_without_the_onnx_package(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)  # importing onnx now fails
    weights = dequantised_weights(SHIPPED / "verifier.int8.onnx")
    shapes = expected_shapes()
    assert {k: v.shape for k, v in weights.items() if k in shapes} == shapes
    for name, array in weights.items():
        assert array.dtype == np.float32 and np.isfinite(array).all(), name
    # dequantised, not raw int8: a trained LayerNorm gain sits near 1, a linear layer's weights near 0
    assert 0.3 < float(np.abs(weights["bert.encoder.layer.0.output.LayerNorm.weight"]).mean()) < 3
    assert float(np.abs(weights["bert.encoder.layer.0.intermediate.dense.weight"]).mean()) < 0.2


def test_the_graph_reader_gives_the_quantised_tensors_their_types() -> None:
    init, nodes = _read_graph(SHIPPED / "verifier.int8.onnx")
    table = init["bert.embeddings.word_embeddings.weight_quantized"]  # embeddings: uint8 with a zero point
    assert table.dtype == np.uint8 and table.shape == (BERT_SHAPE["vocab_size"], 384)
    linear = [node.input[1] for node in nodes if node.op_type == "MatMulInteger"]
    assert len(linear) == 6 * 6 + 2  # six linear layers a block, the pooler and the classifier
    assert {init[name].dtype for name in linear} == {np.dtype(np.int8)}
    assert sorted({init[name].shape for name in linear}) == [(384, 3), (384, 384), (384, 1536), (1536, 384)]
