"""Fitting the shipped models from texts and labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight

from porch.moderation import (
    FloatArray,
    HashedNgrams,
    LinearTextModel,
    TopicModel,
    content_words,
    document_idf,
    text,
)


def fit_linear(
    *,
    version: str,
    texts: Sequence[str],
    labels: Sequence[int],
    weights: Sequence[float],
    extra: Callable[[list[str]], FloatArray],
    raw_for_extra: bool = False,
    c: float = 4.0,
) -> LinearTextModel:
    """Logistic regression on hashed TF-IDF n-grams plus the ``extra`` dense features.

    ``raw_for_extra`` passes the normalised text with its links to ``extra`` (spam
    counts links); otherwise ``extra`` sees the text the n-grams see.
    """
    ngrams = HashedNgrams()
    model_texts = [text.for_model(t) for t in texts]
    extra_texts = [text.normalize(t) for t in texts] if raw_for_extra else model_texts
    counts = ngrams.counts(model_texts)
    idf = document_idf(counts)
    blank = LinearTextModel(
        version,
        ngrams,
        idf,
        np.zeros(ngrams.n_features, np.float32),
        0.0,
        np.zeros(0, np.float32),
    )
    design = blank.design_from_counts(counts, extra(extra_texts))
    y = np.asarray(labels)
    balanced = np.asarray(weights) * compute_sample_weight("balanced", y)
    coef, intercept, calibration = _calibrated_logistic(design, y, balanced, c)
    return LinearTextModel(
        version=version,
        ngrams=ngrams,
        idf=idf,
        coef=coef[: ngrams.n_features],
        intercept=intercept,
        extra_coef=coef[ngrams.n_features :],
        calibration=calibration,
    )


def _calibrated_logistic(
    design: sparse.csr_matrix, y: npt.NDArray[np.int_], weights: FloatArray, c: float
) -> tuple[FloatArray, float, tuple[float, float]]:
    """Coefficients, intercept and Platt (slope, offset) of the margin."""
    # Platt scaling on out-of-fold margins, with classes weighted evenly: a score s
    # then means odds of s/(1-s) for the label at even prior odds.
    calibrated = CalibratedClassifierCV(
        LogisticRegression(C=c, max_iter=3000, solver="liblinear"),
        method="sigmoid",
        cv=3,
        ensemble=False,
    ).fit(design, y, sample_weight=weights)
    fitted = calibrated.calibrated_classifiers_[0]
    classifier, platt = fitted.estimator, fitted.calibrators[0]
    coef: FloatArray = classifier.coef_[0].astype(np.float32)
    calibration = (-float(platt.a_), -float(platt.b_))
    return coef, float(classifier.intercept_[0]), calibration


def fit_topic(*, version: str, documents: Sequence[str], bits: int = 18) -> TopicModel:
    """IDF of stemmed content words over ``documents``."""
    words = [sorted(set(content_words(doc))) or [""] for doc in documents]
    hasher = FeatureHasher(
        n_features=2**bits, input_type="string", alternate_sign=False
    )
    return TopicModel(
        version=version, idf=document_idf(hasher.transform(words).tocsr())
    )
