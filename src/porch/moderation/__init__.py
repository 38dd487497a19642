"""Moderation: judge a plain ``Submission``, answer with an explained ``Verdict``.

Nothing here touches the database or the network; models load lazily, once.
"""

from porch.moderation.types import (
    Classifier,
    Reason,
    Signal,
    Submission,
    Thresholds,
    Verdict,
)
from porch.moderation.verdicts import CHECK_FAILED, assess, assess_many

__all__ = [
    "CHECK_FAILED",
    "Classifier",
    "Reason",
    "Signal",
    "Submission",
    "Thresholds",
    "Verdict",
    "assess",
    "assess_many",
]
