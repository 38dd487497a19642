"""Turning classifier signals into a verdict with the host's thresholds."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from porch.moderation.types import (
    LABELS,
    Classifier,
    Reason,
    Signal,
    Submission,
    Thresholds,
    Verdict,
)

logger = logging.getLogger(__name__)

CHECK_FAILED = "automatic check failed"


def assess(
    submission: Submission,
    thresholds: Thresholds | None = None,
    classifiers: Sequence[Classifier] | None = None,
) -> Verdict:
    """Judge ``submission`` with every classifier and decide approve or hold.

    A score at or above its label's threshold holds the comment with that reason.
    A classifier that raises never loses the comment: it is held with the reason
    "automatic check failed", and the other classifiers still give their scores.
    ``scores`` always holds all three labels (0.0 where no classifier answered).
    """
    from porch.moderation.classifiers import default_classifiers

    limits = thresholds or Thresholds()
    signals: list[Signal] = []
    reasons: list[Reason] = []
    for classifier in classifiers if classifiers is not None else default_classifiers():
        try:
            signals.extend(classifier.judge(submission))
        except Exception as error:
            # The class name only: the message could quote the commenter's text.
            logger.error(
                "classifier %s failed: %s", classifier.name, type(error).__name__
            )
            reasons.append(Reason("check_failed", CHECK_FAILED, (classifier.name,)))
    scores: dict[str, float] = dict.fromkeys(LABELS, 0.0)
    for signal in signals:
        scores[signal.label] = max(scores[signal.label], signal.score)
        if signal.score >= limits.for_label(signal.label):
            reasons.append(Reason(signal.label, signal.reason, signal.evidence))
    return Verdict(
        decision="hold" if reasons else "approve", reasons=tuple(reasons), scores=scores
    )
