"""A toxic-word table learned from Wikipedia comments, scored with numpy alone.

The table is alt-profanity-check's model (MIT licence, (c) 2018 Victor Zhou, 2021
Menelaos Kotoglou and Dimitrios Mistriotis), trained on the Jigsaw Toxic Comment data
and Davidson's tweets. ``scripts/train_moderation.py`` copies its vocabulary, IDF,
the five cross-validation folds' linear weights and their Platt calibrations into
``model_files/toxic_words.npz``; here its ``TfidfVectorizer`` and
``CalibratedClassifierCV.predict_proba`` are redone in a few lines, so the package
and its pickles are never needed to judge a comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from porch.moderation.linear import (
    FloatArray,
    IntArray,
    ModelFileError,
    NpzFile,
    model_file_read,
)

# scikit-learn's default token pattern: words of two or more characters.
TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")
Float64Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class WordRows:
    """TF-IDF of a batch over the table's words, as flat (row, column, value)."""

    row: IntArray
    col: IntArray
    value: Float64Array
    n_rows: int


@dataclass(frozen=True)
class ToxicWords:
    """Per word: IDF and one weight per calibrated fold; per fold: intercept, Platt.

    A fold's probability is ``1 / (1 + exp(a * margin + b))`` (scikit-learn's sigmoid
    calibration); the model's probability is the mean over folds. Averaging the
    folds' weights instead would move probabilities by up to 0.05.
    """

    version: str
    words: tuple[str, ...]
    idf: Float64Array
    coef: FloatArray
    intercept: Float64Array
    platt: Float64Array
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen, so the column of each word is set the one way a dataclass allows.
        index = {word: column for column, word in enumerate(self.words)}
        object.__setattr__(self, "index", index)

    def rows(self, texts: Sequence[str]) -> WordRows:
        """Raw counts times IDF, each row scaled to unit length (as sklearn's l2)."""
        index = self.index
        rows: list[int] = []
        cols: list[int] = []
        for number, body in enumerate(texts):
            counts: dict[int, int] = {}
            for token in TOKEN_RE.findall(body.lower()):
                column = index.get(token)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            for column, count in counts.items():
                rows.extend([number] * count)
                cols.extend([column] * count)
        row, col = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
        if len(row):
            keys, counts_of = np.unique(row * len(self.words) + col, return_counts=True)
            row, col = keys // len(self.words), keys % len(self.words)
            values = counts_of * self.idf[col]
        else:
            values = np.zeros(0, np.float64)
        norms = np.sqrt(np.bincount(row, values * values, len(texts)))
        scaled = values / np.maximum(norms, 1e-12)[row]
        return WordRows(row, col, scaled, len(texts))

    def fold_margins(self, rows: WordRows) -> Float64Array:
        """One linear margin per text and fold (texts by folds)."""
        weighted = rows.value[:, None] * self.coef[rows.col].astype(np.float64)
        margins = np.stack(
            [
                np.bincount(rows.row, weighted[:, fold], rows.n_rows)
                for fold in range(self.coef.shape[1])
            ],
            axis=1,
        )
        result: Float64Array = margins + self.intercept
        return result

    def probabilities(self, texts: Sequence[str]) -> Float64Array:
        """What alt-profanity-check's ``predict_prob`` gives each text."""
        margins = self.fold_margins(self.rows(texts))
        slope, offset = self.platt[:, 0], self.platt[:, 1]
        exponent = np.clip(slope * margins + offset, -500, 500)
        probability: Float64Array = (1.0 / (1.0 + np.exp(exponent))).mean(axis=1)
        return probability

    def log_odds(self, texts: Sequence[str]) -> Float64Array:
        """``probabilities`` as log-odds, clipped so 0 and 1 stay finite."""
        clipped = np.clip(self.probabilities(texts), 1e-6, 1 - 1e-6)
        odds: Float64Array = np.log(clipped / (1 - clipped))
        return odds

    def top_words(self, body: str, limit: int = 4) -> list[str]:
        """Words of ``body`` that raised its score most, best first.

        A word raises the score by its TF-IDF times its mean weight over the folds;
        only words that push towards toxic at least a little are named.
        """
        rows = self.rows([body])
        push = rows.value * self.coef[rows.col].mean(axis=1)
        ranked = sorted(
            zip(push.tolist(), rows.col.tolist(), strict=True), reverse=True
        )
        return [self.words[col] for value, col in ranked[:limit] if value > 0.25]

    def save(self, path: Path) -> None:
        """Write the arrays; words as one UTF-8 buffer, weights as float32."""
        np.savez_compressed(
            path,
            version=np.array(self.version),
            words=np.frombuffer("\n".join(self.words).encode("utf-8"), np.uint8),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float64),
            platt=self.platt.astype(np.float64),
        )

    @classmethod
    def load(cls, path: Path, expected_version: str) -> ToxicWords:
        """Read a table written by ``save``; refuse one of another version."""

        def build(data: NpzFile) -> ToxicWords:
            return cls(
                version=expected_version,
                words=tuple(bytes(data["words"]).decode("utf-8").split("\n")),
                idf=data["idf"].astype(np.float64),
                coef=data["coef"].astype(np.float32),
                intercept=data["intercept"].astype(np.float64),
                platt=data["platt"].astype(np.float64),
            )

        table = model_file_read(path, expected_version, build)
        if not table.is_consistent():
            raise ModelFileError(f"{path.name}: arrays of mismatched shapes")
        return table

    def is_consistent(self) -> bool:
        """Whether words, IDF, weights and calibrations agree in shape."""
        n_words, n_folds = len(self.words), self.coef.shape[-1]
        return (
            self.idf.shape == (n_words,)
            and self.coef.shape == (n_words, n_folds)
            and self.intercept.shape == (n_folds,)
            and self.platt.shape == (n_folds, 2)
        )
