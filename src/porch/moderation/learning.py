"""Fitting the site's adapter from moderator decisions: no database, no files.

``porch.moderation.tasks`` reads the decisions and writes the result; the learning
curve benchmark calls ``adapters_fit`` directly on a simulated moderator's labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.class_weight import compute_sample_weight

from porch.moderation.adapter import AdapterSet, LabelAdapter
from porch.moderation.classifiers import (
    MODEL_VERSION,
    AdaptedClassifier,
    LabelFeatures,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.linear import logit
from porch.moderation.types import Label, Submission

# Which decisions teach which label: the label itself is positive; "approve" and the
# other specific labels are negative; a plain "remove" (reason unknown) teaches none.
TEACHES: dict[Label, tuple[str, frozenset[str]]] = {
    "spam": ("spam", frozenset({"approve", "offensive", "off_topic"})),
    "offensive": ("offensive", frozenset({"approve", "spam", "off_topic"})),
    # Spam and insults are often off topic too: only approvals say "on topic".
    "off_topic": ("off_topic", frozenset({"approve"})),
}
C = 30.0
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
    return LogisticRegression(C=C, solver="liblinear", max_iter=1000)


def _combiner(
    shipped: np.ndarray, held_out: np.ndarray, y: np.ndarray
) -> tuple[float, float, float]:
    """Weights of (shipped log-odds, own margin) and an offset, fitted on margins the
    own model gave decisions it had not seen, plus the shipped opinion as
    pseudo-decisions: the blend trusts the site's model as far as it predicted
    well, and stays calibrated like the shipped model."""
    logits = np.asarray(PRIOR_LOGITS)
    agree = 1.0 / (1.0 + np.exp(-logits))
    prior = np.column_stack(
        [np.concatenate([logits, logits]), np.zeros(2 * len(logits))]
    )
    inputs = np.vstack([np.column_stack([logit(shipped), held_out]), prior])
    labels = np.concatenate([y, np.repeat([1, 0], len(logits))])
    weights = np.concatenate(
        [
            compute_sample_weight("balanced", y),
            np.concatenate([agree, 1 - agree]) * PRIOR_DECISIONS / len(logits),
        ]
    )
    model = LogisticRegression(C=1.0).fit(inputs, labels, sample_weight=weights)
    w_shipped, w_own = (float(w) for w in model.coef_[0])
    return w_shipped, w_own, float(model.intercept_[0])


def _label_adapter(found: LabelFeatures, positives: list[int]) -> LabelAdapter:
    design = found.rows.to_csr(found.rows.tfidf(found.idf))
    y = np.asarray(positives)
    balanced = compute_sample_weight("balanced", y)
    folds = StratifiedKFold(n_splits=min(5, int(np.bincount(y).min())))
    held_out = cross_val_predict(
        _own_model(),
        design,
        y,
        cv=folds,
        method="decision_function",
        params={"sample_weight": balanced},
    )
    own = _own_model().fit(design, y, sample_weight=balanced)
    coef = own.coef_[0]
    columns = np.flatnonzero(coef).astype(np.int32)
    return LabelAdapter(
        columns=columns,
        weights=coef[columns].astype(np.float32),
        intercept=float(own.intercept_[0]),
        examples=len(positives),
        combiner=_combiner(found.shipped, held_out, y),
    )


def adapters_fit(
    decisions: Sequence[Decision], *, last_example_id: int = 0, generation: int = 0
) -> AdapterSet:
    """One adapter per label from ``decisions``.

    A label is left out (the shipped model alone judges it) until the moderators
    have taught it both ways, ``MIN_EACH_WAY`` decisions each.
    """
    judges: dict[Label, AdaptedClassifier] = {
        "spam": SpamClassifier(),
        "offensive": OffensiveClassifier(),
        "off_topic": OffTopicClassifier(),
    }
    labels: dict[str, LabelAdapter] = {}
    for label, (positive, negatives) in TEACHES.items():
        taught = [d for d in decisions if d.label == positive or d.label in negatives]
        kinds = Counter(d.label == positive for d in taught)
        if min(kinds[True], kinds[False]) < MIN_EACH_WAY:
            continue
        found = judges[label].features([d.submission for d in taught])
        labels[label] = _label_adapter(
            found, [int(d.label == positive) for d in taught]
        )
    return AdapterSet(
        model_version=MODEL_VERSION,
        labels=labels,
        last_example_id=last_example_id,
        generation=generation,
    )
