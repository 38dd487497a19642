"""Hashed word and character n-grams scored by a linear model stored in an ``.npz``.

Hashing needs no vocabulary file, so an artifact is just arrays: IDF weights, the
coefficients and a version string. ``numpy.load(allow_pickle=False)`` reads it without
running any code from the file, unlike a pickled scikit-learn estimator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.utils import murmurhash3_32

from porch.core.errors import PorchError

FloatArray = npt.NDArray[np.float32]
ExtraFeatures = Callable[[Sequence[str]], FloatArray]


class ModelFileError(PorchError):
    """A model artifact is missing, of another format version, or malformed."""


# Character grams repeat from comment to comment; remembering their columns turns a
# murmurhash call per gram into a dictionary lookup.
@lru_cache(maxsize=2**19)
def bucket(gram: str, n_features: int) -> int:
    """The column FeatureHasher gives ``gram`` (murmurhash3, sign dropped)."""
    value = int(murmurhash3_32(gram.encode("utf-8"), seed=0, positive=False))
    if value == -(2**31):
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(value) % n_features


@cache
def _vectorizers(
    word_bits: int, char_bits: int
) -> tuple[HashingVectorizer, HashingVectorizer]:
    common = {"alternate_sign": False, "norm": None, "lowercase": True}
    word = HashingVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b\w[\w']*\b",  # noqa: S106 - a regex, not a secret
        n_features=2**word_bits,
        **common,
    )
    char = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        n_features=2**char_bits,
        **common,
    )
    return word, char


@dataclass(frozen=True)
class HashedNgrams:
    """Word 1-2-grams and character 2-5-grams hashed into fixed-size blocks."""

    word_bits: int = 18
    char_bits: int = 18

    @property
    def n_features(self) -> int:
        return int(2**self.word_bits + 2**self.char_bits)

    def _vectorizers(self) -> tuple[HashingVectorizer, HashingVectorizer]:
        return _vectorizers(self.word_bits, self.char_bits)

    def indices(self, text: str) -> npt.NDArray[np.int64]:
        """Columns of every n-gram occurrence in one text, as ``counts`` hashes them.

        Hashing the grams here skips scipy's per-call overhead, which dominates when
        one comment is judged at a time.
        """
        word, char = self._vectorizers()
        word_n, char_n = 2**self.word_bits, 2**self.char_bits
        grams = word.build_analyzer()(text)
        word_idx = [bucket(gram, word_n) for gram in grams]
        char_idx = [
            word_n + bucket(gram, char_n) for gram in char.build_analyzer()(text)
        ]
        return np.asarray(word_idx + char_idx, dtype=np.int64)

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Raw n-gram counts, word block first, then character block."""
        word, char = self._vectorizers()
        return sparse.hstack(
            [word.transform(texts), char.transform(texts)], format="csr"
        ).astype(np.float32)

    def word_ngrams(self, text: str) -> list[str]:
        """The word n-grams of ``text`` exactly as the word block hashes them."""
        analyzer = self._vectorizers()[0].build_analyzer()
        grams: list[str] = analyzer(text)
        return grams

    def word_index(self, grams: Sequence[str]) -> npt.NDArray[np.int64]:
        """Column of each word n-gram in the word block (same hash as ``counts``)."""
        n_features = 2**self.word_bits
        return np.asarray([bucket(g, n_features) for g in grams], dtype=np.int64)


def tfidf(counts: sparse.csr_matrix, idf: FloatArray) -> sparse.csr_matrix:
    """Sublinear TF times IDF, rows scaled to unit length."""
    weighted = counts.copy()
    weighted.data = np.log1p(weighted.data)
    weighted = weighted.multiply(idf).tocsr()
    result: sparse.csr_matrix = l2_normalize(weighted, copy=False)
    return result


def document_idf(counts: sparse.csr_matrix) -> FloatArray:
    """Smoothed IDF as scikit-learn's ``TfidfTransformer`` computes it."""
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf: FloatArray = (np.log((1 + n_docs) / (1 + df)) + 1).astype(np.float32)
    return idf


@dataclass(frozen=True)
class LinearTextModel:
    """A logistic model over ``HashedNgrams`` TF-IDF plus optional dense features."""

    version: str
    ngrams: HashedNgrams
    idf: FloatArray
    coef: FloatArray
    intercept: float
    extra_coef: FloatArray

    def design(
        self, texts: Sequence[str], extra: FloatArray | None = None
    ) -> sparse.csr_matrix:
        """The feature matrix the coefficients apply to."""
        matrix = tfidf(self.ngrams.counts(texts), self.idf)
        if extra is None or extra.shape[1] == 0:
            return matrix
        return sparse.hstack([matrix, sparse.csr_matrix(extra)], format="csr")

    def scores(
        self, texts: Sequence[str], extra: FloatArray | None = None
    ) -> FloatArray:
        """Probability of the positive class for each text."""
        weights = np.concatenate([self.coef, self.extra_coef])
        margin = self.design(texts, extra) @ weights + self.intercept
        probability: FloatArray = (1.0 / (1.0 + np.exp(-margin))).astype(np.float32)
        return probability

    def score_one(self, text: str, extra: FloatArray | None = None) -> float:
        """``scores([text], extra)[0]`` without building sparse matrices."""
        columns, counts = np.unique(self.ngrams.indices(text), return_counts=True)
        values = np.log1p(counts.astype(np.float32)) * self.idf[columns]
        norm = float(np.sqrt(values @ values)) or 1.0
        margin = float(values @ self.coef[columns]) / norm + self.intercept
        if extra is not None and extra.shape[1]:
            margin += float(extra[0] @ self.extra_coef)
        return float(1.0 / (1.0 + np.exp(-margin)))

    def top_ngrams(self, text: str, limit: int = 5) -> list[str]:
        """Word n-grams in ``text`` that pushed its score up most, best first."""
        grams = list(dict.fromkeys(self.ngrams.word_ngrams(text)))
        if not grams:
            return []
        index = self.ngrams.word_index(grams)
        weight = self.coef[index] * self.idf[index]
        ranked = sorted(zip(weight.tolist(), grams, strict=True), reverse=True)
        return [gram for value, gram in ranked[:limit] if value > 0.5]

    def save(self, path: Path) -> None:
        """Write the arrays; float16 halves the size at no measurable accuracy cost."""
        np.savez_compressed(
            path,
            version=np.array(self.version),
            bits=np.array([self.ngrams.word_bits, self.ngrams.char_bits]),
            idf=self.idf.astype(np.float16),
            coef=self.coef.astype(np.float16),
            intercept=np.array([self.intercept], dtype=np.float64),
            extra_coef=self.extra_coef.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path, expected_version: str) -> LinearTextModel:
        """Read a model written by ``save``; refuse one of another version."""
        try:
            with np.load(path, allow_pickle=False) as data:
                version = str(data["version"])
                word_bits, char_bits = (int(bit) for bit in data["bits"])
                model = cls(
                    version=version,
                    ngrams=HashedNgrams(word_bits=word_bits, char_bits=char_bits),
                    idf=data["idf"].astype(np.float32),
                    coef=data["coef"].astype(np.float32),
                    intercept=float(data["intercept"][0]),
                    extra_coef=data["extra_coef"].astype(np.float32),
                )
        except (OSError, KeyError, ValueError) as error:
            raise ModelFileError(
                f"cannot read model file {path.name}: {error}"
            ) from error
        if version != expected_version:
            raise ModelFileError(
                f"{path.name} is version {version}, this Porch needs "
                f"{expected_version}: run scripts/train_moderation.py"
            )
        return model
