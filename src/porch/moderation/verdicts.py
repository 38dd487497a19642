"""Turning classifier signals into a verdict with the host's thresholds."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from porch.moderation.types import (
    LABELS,
    BatchClassifier,
    Classifier,
    Reason,
    Signal,
    Submission,
    Thresholds,
    Verdict,
)

logger = logging.getLogger(__name__)

CHECK_FAILED = "automatic check failed"


def _judge_each(
    classifier: Classifier, submissions: Sequence[Submission]
) -> list[list[Signal] | None]:
    """Signals per submission, ``None`` where the classifier failed on it."""
    if len(submissions) > 1 and isinstance(classifier, BatchClassifier):
        try:
            return list(classifier.judge_many(submissions))
        except Exception:  # noqa: S110 - retried one by one below, failures logged
            pass
    results: list[list[Signal] | None] = []
    for submission in submissions:
        try:
            results.append(classifier.judge(submission))
        except Exception as error:
            # The class name only: the message could quote the commenter's text.
            logger.error(
                "classifier %s failed: %s", classifier.name, type(error).__name__
            )
            results.append(None)
    return results


def _verdict(
    judged: list[tuple[str, list[Signal] | None]], limits: Thresholds
) -> Verdict:
    reasons: list[Reason] = []
    scores: dict[str, float] = dict.fromkeys(LABELS, 0.0)
    for name, signals in judged:
        if signals is None:
            reasons.append(Reason("check_failed", CHECK_FAILED, (name,)))
            continue
        for signal in signals:
            scores[signal.label] = max(scores[signal.label], signal.score)
            if signal.score >= limits.for_label(signal.label):
                reasons.append(Reason(signal.label, signal.reason, signal.evidence))
    # Failures first, as a moderator should read them before any score.
    reasons.sort(key=lambda reason: reason.code != "check_failed")
    return Verdict(
        decision="hold" if reasons else "approve", reasons=tuple(reasons), scores=scores
    )


def assess_many(
    submissions: Sequence[Submission],
    thresholds: Thresholds | None = None,
    classifiers: Sequence[Classifier] | None = None,
) -> list[Verdict]:
    """``assess`` for many submissions, in order: the fast path for batches.

    Classifiers with a ``judge_many`` method judge the whole batch at once; if that
    raises, each submission is judged alone so one bad comment holds only itself.
    """
    from porch.moderation.classifiers import default_classifiers

    limits = thresholds or Thresholds()
    chosen = classifiers if classifiers is not None else default_classifiers()
    per_classifier = [(c.name, _judge_each(c, submissions)) for c in chosen]
    return [
        _verdict([(name, results[i]) for name, results in per_classifier], limits)
        for i in range(len(submissions))
    ]


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
    return assess_many([submission], thresholds, classifiers)[0]
