"""Sentence heads: shipped logistic models on sentence vectors, beside the n-grams.

With the sentence model on, a label that has a head scores

    sigmoid(w_shipped * logit(n-gram score) + w_head * head_margin + offset)

where the head's margin is ``vector @ weights + intercept``. The combiner's three
numbers are stored in the file (``scripts/train_moderation.py`` chooses them from
training data only; the model card says how), so a different choice needs no code.
Read with ``numpy.load(allow_pickle=False)`` and refused when its version is not the
shipped models' (``ModelFileError``), like every model file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from porch.moderation.linear import (
    FloatArray,
    NpzFile,
    logit,
    model_file_read,
    sigmoid,
)
from porch.moderation.sentence_shape import DIMENSIONS


@dataclass(frozen=True)
class SentenceHead:
    """One label's logistic model on sentence vectors and how it joins the n-grams.

    ``combiner`` is (w_shipped, w_head, offset).
    """

    weights: FloatArray
    intercept: float
    combiner: tuple[float, float, float]

    def margins(self, embeddings: FloatArray) -> npt.NDArray[np.float64]:
        """The head's log-odds for each row of ``embeddings``."""
        return np.asarray(embeddings @ self.weights, dtype=np.float64) + self.intercept

    def combined(self, shipped: FloatArray, embeddings: FloatArray) -> FloatArray:
        """The n-gram model's scores joined with this head's margins."""
        w_shipped, w_head, offset = self.combiner
        return sigmoid(
            w_shipped * logit(shipped) + w_head * self.margins(embeddings) + offset
        )


@dataclass(frozen=True)
class SentenceHeads:
    """The shipped heads by label, as one versioned file."""

    version: str
    heads: Mapping[str, SentenceHead]

    def save(self, path: Path) -> None:
        """Write the arrays (float32 weights; a few kilobytes per label)."""
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "version": np.array(self.version),
            "labels": np.array(sorted(self.heads)),
        }
        for label, head in self.heads.items():
            arrays[f"{label}_weights"] = head.weights.astype(np.float32)
            arrays[f"{label}_intercept"] = np.array([head.intercept])
            arrays[f"{label}_combiner"] = np.array(head.combiner, dtype=np.float64)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path, expected_version: str) -> SentenceHeads:
        """Read a file written by ``save``; refuse another version or a bad shape."""

        def build(data: NpzFile) -> SentenceHeads:
            heads = {str(label): _head(data, str(label)) for label in data["labels"]}
            return cls(version=expected_version, heads=heads)

        return model_file_read(path, expected_version, build)


def _head(data: Mapping[str, npt.NDArray[np.generic]], label: str) -> SentenceHead:
    weights = np.asarray(data[f"{label}_weights"], dtype=np.float32)
    w_shipped, w_head, offset = (float(v) for v in data[f"{label}_combiner"])
    if weights.shape != (DIMENSIONS,):
        raise ValueError(f"{label} weights have shape {weights.shape}")
    return SentenceHead(
        weights=weights,
        intercept=float(np.asarray(data[f"{label}_intercept"])[0]),
        combiner=(w_shipped, w_head, offset),
    )
