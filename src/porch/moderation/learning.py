"""Fitting the site's adapter from moderator decisions: no database, no files.

``porch.moderation.tasks`` reads the decisions and writes the result; the learning
curve benchmark calls ``adapters_fit`` directly on a simulated moderator's labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.class_weight import compute_sample_weight

from porch.moderation.adapter import AdapterSet, EmbeddingAdapter, LabelAdapter
from porch.moderation.calibration import Placement, threshold_placement
from porch.moderation.classifiers import (
    MODEL_VERSION,
    AdaptedClassifier,
    EncoderSource,
    LabelFeatures,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.linear import logit
from porch.moderation.sentence import sentence_encoder
from porch.moderation.types import Label, Submission, Thresholds

# Which decisions teach which label: the label itself is positive; "approve" and the
# other specific labels are negative; a plain "remove" (reason unknown) teaches none.
TEACHES: dict[Label, tuple[str, frozenset[str]]] = {
    "spam": ("spam", frozenset({"approve", "offensive", "off_topic"})),
    "offensive": ("offensive", frozenset({"approve", "spam", "off_topic"})),
    # Spam and insults are often off topic too: only approvals say "on topic".
    "off_topic": ("off_topic", frozenset({"approve"})),
}
C = 30.0
# The sentence-vector model's regularisation: scikit-learn's default, not tuned on
# any dataset (the combiner decides how far its margin is trusted).
EMBEDDING_C = 1.0
# The site's model is judged on decisions it has not seen, which needs two folds.
MIN_EACH_WAY = 2
# The shipped opinion enters the blend as pseudo-decisions worth this many real ones.
PRIOR_LOGITS = (-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0)
PRIOR_DECISIONS = 10.0


@dataclass(frozen=True, slots=True)
class Decision:
    """A moderator's label on a submission (a ``ModerationExample``, as values)."""

    submission: Submission
    label: str


def _own_model() -> LogisticRegression:
    # liblinear shuffles with a random state: fixed, so a refit is reproducible.
    return LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=0)


def _embedding_model() -> LogisticRegression:
    return LogisticRegression(C=EMBEDDING_C, max_iter=1000)


def _combiner(
    shipped: np.ndarray, held_out: Sequence[np.ndarray], y: np.ndarray
) -> tuple[float, ...]:
    """Weights of (shipped log-odds, each own model's margin) and an offset, fitted
    on margins the own models gave decisions they had not seen, plus the shipped
    opinion as pseudo-decisions (where every own margin is 0): the blend trusts
    the site's models as far as they predicted well, and stays calibrated like
    the shipped model."""
    logits = np.asarray(PRIOR_LOGITS)
    agree = 1.0 / (1.0 + np.exp(-logits))
    prior = np.column_stack(
        [np.concatenate([logits, logits]), np.zeros((2 * len(logits), len(held_out)))]
    )
    inputs = np.vstack([np.column_stack([logit(shipped), *held_out]), prior])
    labels = np.concatenate([y, np.repeat([1, 0], len(logits))])
    weights = np.concatenate(
        [
            compute_sample_weight("balanced", y),
            np.concatenate([agree, 1 - agree]) * PRIOR_DECISIONS / len(logits),
        ]
    )
    model = LogisticRegression(C=1.0).fit(inputs, labels, sample_weight=weights)
    return (*(float(w) for w in model.coef_[0]), float(model.intercept_[0]))


def _fit_own(
    model: LogisticRegression, design: object, y: np.ndarray, folds: StratifiedKFold
) -> tuple[LogisticRegression, np.ndarray]:
    """The model fitted on every decision, and its margins on unseen ones."""
    balanced = compute_sample_weight("balanced", y)
    held_out = cross_val_predict(
        clone(model),
        design,
        y,
        cv=folds,
        method="decision_function",
        params={"sample_weight": balanced},
    )
    return model.fit(design, y, sample_weight=balanced), held_out


def _placed(
    combiner: tuple[float, ...],
    shipped: np.ndarray,
    held_out: Sequence[np.ndarray],
    y: np.ndarray,
    threshold: float,
) -> tuple[tuple[float, ...], Placement]:
    """The combiner with the host's threshold placed (``porch.moderation.
    calibration``): the shift joins the offset, on the blend of unseen margins."""
    *weights, offset = combiner
    blended = offset + weights[0] * logit(shipped)
    for weight, margins in zip(weights[1:], held_out, strict=True):
        blended = blended + weight * margins
    placement = threshold_placement(blended, shipped, y, threshold)
    return (*weights, offset + placement.shift), placement


def _embedding_adapter(
    found: LabelFeatures,
    y: np.ndarray,
    folds: StratifiedKFold,
    held_out: np.ndarray,
    threshold: float,
) -> EmbeddingAdapter:
    """The sentence-vector model and the four-input combiner, threshold placed."""
    semantic, semantic_held_out = _fit_own(
        _embedding_model(), found.embeddings, y, folds
    )
    both = [held_out, semantic_held_out]
    combined, placed = _placed(
        _combiner(found.shipped, both, y), found.shipped, both, y, threshold
    )
    w_s, w_n, w_e, off = combined
    return EmbeddingAdapter(
        weights=semantic.coef_[0].astype(np.float32),
        intercept=float(semantic.intercept_[0]),
        combiner=(w_s, w_n, w_e, off),
        applied=placed.applied,
    )


def _label_adapter(
    found: LabelFeatures, positives: list[int], threshold: float
) -> LabelAdapter:
    design = found.rows.to_csr(found.rows.tfidf(found.idf))
    y = np.asarray(positives)
    folds = StratifiedKFold(n_splits=min(5, int(np.bincount(y).min())))
    own, held_out = _fit_own(_own_model(), design, y, folds)
    coef = own.coef_[0]
    columns = np.flatnonzero(coef).astype(np.int32)
    # The three-input blend is what scores when the sentence model is off, and then
    # the shipped score is the one without vectors (n-gram, or lexical off-topic).
    no_vectors = found.shipped if found.ngram_shipped is None else found.ngram_shipped
    combiner, placement = _placed(
        _combiner(no_vectors, [held_out], y), no_vectors, [held_out], y, threshold
    )
    embedding = None
    if found.embeddings is not None:
        embedding = _embedding_adapter(found, y, folds, held_out, threshold)
    w_shipped, w_own, offset = combiner
    return LabelAdapter(
        columns=columns,
        weights=coef[columns].astype(np.float32),
        intercept=float(own.intercept_[0]),
        examples=len(positives),
        combiner=(w_shipped, w_own, offset),
        embedding=embedding,
        positives=int(y.sum()),
        applied=placement.applied,
        threshold=threshold,
    )


def adapters_fit(
    decisions: Sequence[Decision],
    *,
    last_example_id: int = 0,
    generation: int = 0,
    encoder: EncoderSource = sentence_encoder,
    thresholds: Thresholds | None = None,
    fitted_at: float = 0.0,
) -> AdapterSet:
    """One adapter per label from ``decisions``, its threshold placed at the host's
    ``thresholds`` (the defaults when None) so it is never quieter than the
    shipped model there (``porch.moderation.calibration``).

    A label is left out (the shipped model alone judges it) until the moderators
    have taught it both ways, ``MIN_EACH_WAY`` decisions each. With the sentence
    model on (``encoder`` gives one), each label also learns from the vectors.
    ``fitted_at`` (seconds since the epoch) is kept for the desk to show.
    """
    limits = thresholds or Thresholds()
    judges: dict[Label, AdaptedClassifier] = {
        "spam": SpamClassifier(encoder=encoder),
        "offensive": OffensiveClassifier(encoder=encoder),
        "off_topic": OffTopicClassifier(encoder=encoder),
    }
    labels: dict[str, LabelAdapter] = {}
    for label, (positive, negatives) in TEACHES.items():
        taught = [d for d in decisions if d.label == positive or d.label in negatives]
        kinds = Counter(d.label == positive for d in taught)
        if min(kinds[True], kinds[False]) < MIN_EACH_WAY:
            continue
        found = judges[label].features([d.submission for d in taught])
        labels[label] = _label_adapter(
            found,
            [int(d.label == positive) for d in taught],
            limits.for_label(label),
        )
    return AdapterSet(
        model_version=MODEL_VERSION,
        labels=labels,
        last_example_id=last_example_id,
        generation=generation,
        fitted_at=fitted_at,
    )
