"""Fitting the site's adapter from moderator decisions: no database, no files.

``porch.moderation.tasks`` reads the decisions and writes the result; the learning
curve benchmark calls ``adapters_fit`` directly on a simulated moderator's labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight

from porch.moderation.adapter import AdapterSet, LabelAdapter
from porch.moderation.classifiers import (
    MODEL_VERSION,
    LabelFeatures,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.types import Label, Submission

# Which decisions teach which label: the label itself is positive; "approve" and the
# other specific labels are negative; a plain "remove" (reason unknown) teaches none.
TEACHES: dict[Label, tuple[str, frozenset[str]]] = {
    "spam": ("spam", frozenset({"approve", "offensive", "off_topic"})),
    "offensive": ("offensive", frozenset({"approve", "spam", "off_topic"})),
    # Spam and insults are often off topic too: only approvals say "on topic".
    "off_topic": ("off_topic", frozenset({"approve"})),
}
# The shipped model's opinion enters as pseudo-decisions: rows with no words whose
# only input is the shipped log-odds, labelled in proportion to the shipped score.
# They weigh as much as PRIOR_DECISIONS real decisions, so a new site judges like the
# shipped model and a site with hundreds of decisions mostly like its moderators.
PRIOR_LOGITS = (-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0)
PRIOR_DECISIONS = 10.0
C = 30.0


@dataclass(frozen=True, slots=True)
class Decision:
    """A moderator's label on a submission (a ``ModerationExample``, as values)."""

    submission: Submission
    label: str


def _prior_rows(width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    logits = np.asarray(PRIOR_LOGITS)
    dense = np.zeros((2 * len(logits), width), dtype=np.float32)
    dense[:, 0] = np.concatenate([logits, logits])
    agree = 1.0 / (1.0 + np.exp(-logits))
    share = PRIOR_DECISIONS / len(logits)
    weights = np.concatenate([agree, 1 - agree]) * share
    labels = np.repeat([1, 0], len(logits))
    return dense, labels, weights


def _label_adapter(found: LabelFeatures, positives: list[int]) -> LabelAdapter:
    n_grams = found.rows.n_features
    prior, prior_labels, prior_weights = _prior_rows(found.dense.shape[1])
    weighted = found.rows.to_csr(found.rows.tfidf(found.idf))
    words = sparse.vstack([weighted, sparse.csr_matrix((len(prior), n_grams))])
    dense = sparse.csr_matrix(np.vstack([found.dense, prior]))
    design = sparse.hstack([words, dense]).tocsr()
    y = np.concatenate([positives, prior_labels])
    # Classes weighed evenly, as the shipped models are calibrated: a site where one
    # comment in ten is spam still reads 0.8 as "four to one, at even odds".
    decided = compute_sample_weight("balanced", positives)
    weights = np.concatenate([decided, prior_weights])
    model = LogisticRegression(C=C, solver="liblinear", max_iter=1000)
    model.fit(design, y, sample_weight=weights)
    coef = model.coef_[0]
    columns = np.flatnonzero(coef[:n_grams]).astype(np.int32)
    return LabelAdapter(
        columns=columns,
        weights=coef[columns].astype(np.float32),
        dense=coef[n_grams:].astype(np.float32),
        intercept=float(model.intercept_[0]),
        examples=len(positives),
    )


def adapters_fit(
    decisions: Sequence[Decision], *, last_example_id: int = 0, generation: int = 0
) -> AdapterSet:
    """One adapter per label from ``decisions``; labels no decision teaches are left
    out (the shipped model alone judges them)."""
    judges: dict[Label, SpamClassifier | OffensiveClassifier | OffTopicClassifier] = {
        "spam": SpamClassifier(),
        "offensive": OffensiveClassifier(),
        "off_topic": OffTopicClassifier(),
    }
    labels: dict[str, LabelAdapter] = {}
    for label, (positive, negatives) in TEACHES.items():
        taught = [d for d in decisions if d.label == positive or d.label in negatives]
        if not taught:
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
