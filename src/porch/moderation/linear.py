"""Hashed word and character n-grams scored by a linear model stored in an ``.npz``.

Hashing needs no vocabulary file, so an artifact is just arrays: IDF weights, the
coefficients, a calibration and a version string. ``numpy.load(allow_pickle=False)``
reads it without running any code from the file, unlike a pickled estimator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.utils import murmurhash3_32

from porch.core.errors import PorchError

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
ExtraFeatures = Callable[[Sequence[str]], FloatArray]
# Character grams are cached per word; a blog's vocabulary is a few tens of thousands.
WORD_CACHE_SIZE = 2**16


class ModelFileError(PorchError):
    """A model artifact is missing, of another format version, or malformed."""


NpzFile = np.lib.npyio.NpzFile


ModelT = TypeVar("ModelT")


def model_file_read(
    path: Path, expected_version: str, build: Callable[[NpzFile], ModelT]
) -> ModelT:
    """``build`` applied to the arrays of ``path``, once its version is checked.

    Every shipped model file is read this way: no pickles, one error type
    (``ModelFileError``) whether the file is missing, damaged or of another
    version, so the pipeline holds the comment as a failed check.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            version = str(data["version"])
            if version != expected_version:
                raise ModelFileError(
                    f"{path.name} is version {version}, this Porch needs "
                    f"{expected_version}: run scripts/train_moderation.py"
                )
            return build(data)
    except (OSError, KeyError, ValueError) as error:
        raise ModelFileError(f"cannot read model file {path.name}: {error}") from error


# Word grams repeat from comment to comment; remembering their columns turns a
# murmurhash call per gram into a dictionary lookup.
@lru_cache(maxsize=2**18)
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


class CharGramCache:
    """Columns of each word's character n-grams, remembered per word.

    ``char_wb`` grams never cross a space, so a text's grams are the union of its
    words' grams: looking each word up once turns the per-gram Python work that
    dominated judging into one dictionary hit per word. Unseen words of a batch are
    hashed together by scikit-learn's own vectorizer, so the columns are identical.
    """

    def __init__(self, vectorizer: HashingVectorizer) -> None:
        self.vectorizer = vectorizer
        self.columns: dict[str, IntArray] = {}

    def _learned(self, tokens: list[list[str]]) -> dict[str, IntArray]:
        """A dictionary holding every word of ``tokens``, hashing those it lacks.

        When the cache would grow past its size it starts a new dictionary with
        this batch's words, and swaps it in whole: a thread still reading the old
        one finds every word it asked for there.
        """
        columns = self.columns
        unseen = {w for words in tokens for w in words if w not in columns}
        if not unseen:
            return columns
        if len(columns) + len(unseen) > WORD_CACHE_SIZE:
            columns, unseen = {}, {w for words in tokens for w in words}
        ordered = sorted(unseen)
        matrix = self.vectorizer.transform(ordered).tocsr()
        for row, word in enumerate(ordered):
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            # Repeat each column by its count so concatenation keeps the counts.
            columns[word] = np.repeat(
                matrix.indices[start:end], matrix.data[start:end].astype(np.int64)
            ).astype(np.int64)
        self.columns = columns
        return columns

    def columns_of(self, texts: Sequence[str]) -> list[IntArray]:
        """Every character n-gram occurrence of each text, as a column number."""
        tokens = [text.lower().split() for text in texts]
        columns = self._learned(tokens)
        empty = np.zeros(0, np.int64)
        return [
            np.concatenate([columns[w] for w in words]) if words else empty
            for words in tokens
        ]


@cache
def _char_cache(word_bits: int, char_bits: int) -> CharGramCache:
    return CharGramCache(_vectorizers(word_bits, char_bits)[1])


@dataclass(frozen=True)
class NgramRows:
    """N-gram counts of a batch as flat arrays (row, column, count), sorted.

    Scoring a handful of comments with scipy matrices costs more in checks and
    conversions than in arithmetic; these arrays go straight to numpy.
    """

    row: IntArray
    col: IntArray
    count: FloatArray
    n_rows: int
    n_features: int

    def tfidf(self, idf: FloatArray) -> FloatArray:
        """Sublinear TF times IDF per entry, each row scaled to unit length."""
        values = np.log1p(self.count) * idf[self.col]
        norms = np.sqrt(np.bincount(self.row, values * values, self.n_rows))
        scaled: FloatArray = (values / np.maximum(norms, 1e-12)[self.row]).astype(
            np.float32
        )
        return scaled

    def dot(self, values: FloatArray, coef: FloatArray) -> npt.NDArray[np.float64]:
        """Per row, the sum of ``values`` times the coefficient of their column."""
        weights = values * coef[self.col]
        return np.bincount(self.row, weights, self.n_rows).astype(np.float64)

    def to_csr(self, values: FloatArray | None = None) -> sparse.csr_matrix:
        """The counts (or ``values`` in their place) as a scipy matrix."""
        data = self.count if values is None else values
        shape = (self.n_rows, self.n_features)
        return sparse.csr_matrix((data, (self.row, self.col)), shape=shape)


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

    def rows(self, texts: Sequence[str]) -> NgramRows:
        """Counts of every n-gram, word block first, then character block."""
        analyzer = self._vectorizers()[0].build_analyzer()
        word_n = 2**self.word_bits
        chars = _char_cache(self.word_bits, self.char_bits).columns_of(texts)
        per_text = [
            np.concatenate(
                [
                    np.fromiter(
                        (bucket(gram, word_n) for gram in analyzer(text)), np.int64
                    ),
                    word_n + char_columns,
                ]
            )
            for text, char_columns in zip(texts, chars, strict=True)
        ]
        lengths = [len(columns) for columns in per_text]
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        flat = np.concatenate(per_text) if per_text else np.zeros(0, np.int64)
        keys, counts = np.unique(rows * self.n_features + flat, return_counts=True)
        return NgramRows(
            row=keys // self.n_features,
            col=keys % self.n_features,
            count=counts.astype(np.float32),
            n_rows=len(texts),
            n_features=self.n_features,
        )

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Raw n-gram counts as a scipy matrix (what training fits on)."""
        return self.rows(texts).to_csr()

    def word_ngrams(self, text: str) -> list[str]:
        """The word n-grams of ``text`` exactly as the word block hashes them."""
        analyzer = self._vectorizers()[0].build_analyzer()
        grams: list[str] = analyzer(text)
        return grams

    def word_index(self, grams: Sequence[str]) -> IntArray:
        """Column of each word n-gram in the word block (same hash as ``counts``)."""
        word_n = 2**self.word_bits
        return np.fromiter((bucket(gram, word_n) for gram in grams), np.int64)


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


def sigmoid(margin: npt.NDArray[np.floating] | float) -> FloatArray:
    """The logistic function, clipped so large margins do not overflow."""
    value: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(margin, -30, 30)))).astype(
        np.float32
    )
    return value


def logit(probability: FloatArray) -> npt.NDArray[np.float64]:
    """Log-odds of probabilities, clipped so 0 and 1 stay finite."""
    clipped = np.clip(probability.astype(np.float64), 1e-6, 1 - 1e-6)
    odds: npt.NDArray[np.float64] = np.log(clipped / (1 - clipped))
    return odds


@dataclass(frozen=True)
class LinearTextModel:
    """A logistic model over ``HashedNgrams`` TF-IDF plus optional dense features.

    ``calibration`` (slope, offset) maps the raw margin to a probability fitted on
    held-out examples (Platt scaling), so a score of 0.8 means about 80 % of such
    comments were positives where the model was calibrated.
    """

    version: str
    ngrams: HashedNgrams
    idf: FloatArray
    coef: FloatArray
    intercept: float
    extra_coef: FloatArray
    calibration: tuple[float, float] = (1.0, 0.0)

    def design(
        self, texts: Sequence[str], extra: FloatArray | None = None
    ) -> sparse.csr_matrix:
        """The feature matrix the coefficients apply to."""
        return self.design_from_counts(self.ngrams.counts(texts), extra)

    def design_from_counts(
        self, counts: sparse.csr_matrix, extra: FloatArray | None = None
    ) -> sparse.csr_matrix:
        """``design`` for n-gram counts already computed."""
        matrix = tfidf(counts, self.idf)
        if extra is None or extra.shape[1] == 0:
            return matrix
        return sparse.hstack([matrix, sparse.csr_matrix(extra)], format="csr")

    def margins_from_rows(
        self, rows: NgramRows, extra: FloatArray | None = None
    ) -> npt.NDArray[np.float64]:
        """Calibrated log-odds of the positive class, one per text of ``rows``."""
        raw = rows.dot(rows.tfidf(self.idf), self.coef) + self.intercept
        if extra is not None and extra.shape[1]:
            raw = raw + extra.astype(np.float64) @ self.extra_coef
        slope, offset = self.calibration
        margins: npt.NDArray[np.float64] = slope * raw + offset
        return margins

    def scores_from_rows(
        self, rows: NgramRows, extra: FloatArray | None = None
    ) -> FloatArray:
        """Calibrated probability of the positive class for each text of ``rows``."""
        return sigmoid(self.margins_from_rows(rows, extra))

    def scores(
        self, texts: Sequence[str], extra: FloatArray | None = None
    ) -> FloatArray:
        """Calibrated probability of the positive class for each text."""
        return self.scores_from_rows(self.ngrams.rows(texts), extra)

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
            calibration=np.array(self.calibration, dtype=np.float64),
        )

    @classmethod
    def load(cls, path: Path, expected_version: str) -> LinearTextModel:
        """Read a model written by ``save``; refuse one of another version."""

        def build(data: NpzFile) -> LinearTextModel:
            word_bits, char_bits = (int(bit) for bit in data["bits"])
            slope, offset = (float(v) for v in data["calibration"])
            return cls(
                version=expected_version,
                ngrams=HashedNgrams(word_bits=word_bits, char_bits=char_bits),
                idf=data["idf"].astype(np.float32),
                coef=data["coef"].astype(np.float32),
                intercept=float(data["intercept"][0]),
                extra_coef=data["extra_coef"].astype(np.float32),
                calibration=(slope, offset),
            )

        return model_file_read(path, expected_version, build)
