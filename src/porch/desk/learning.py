"""What the desk's learning page reads: the site's own model and how it moved the
scores of the latest held comments (``porch.moderation.adapter_summary``,
``porch.moderation.scores_moved``).

The counts are the whole site's (the model is one per site); the held comments
are only those ``user`` may moderate, as in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from porch.comments.models import Comment
from porch.comments.verdicts import comment_submission
from porch.desk.selectors import PARENT_PRIVATE, REASON_LABELS, moderated_comments
from porch.moderation import AdapterSummary, adapter_summary, scores_moved
from porch.moderation.learned import LabelLearning
from porch.moderation.types import LABELS

RECENT_HELD = 10


@dataclass(frozen=True)
class ScoreChange:
    """One label's score on a held comment: shipped models alone, then the site's."""

    label: str
    shipped: float
    site: float

    @property
    def moved(self) -> float:
        return self.site - self.shipped


@dataclass(frozen=True)
class HeldScores:
    comment: Comment
    changes: tuple[ScoreChange, ...]


@dataclass(frozen=True)
class LearningPage:
    summary: AdapterSummary
    held: list[HeldScores]

    @property
    def labels(self) -> list[tuple[str, LabelLearning]]:
        """Each label's state with its name as the queue's filter shows it."""
        return [(REASON_LABELS[one.label], one) for one in self.summary.labels]


def learning_page_get(
    *, user: AbstractBaseUser | AnonymousUser, recent: int = RECENT_HELD
) -> LearningPage:
    """The site's model, and the ``recent`` latest held comments ``user`` may
    moderate scored both ways (scored now, so the page costs one batch judgement).
    """
    comments = list(
        moderated_comments(user)
        .filter(status=Comment.Status.PENDING)
        .select_related("post", "parent")
        .defer(*PARENT_PRIVATE)
        .order_by("-created_at", "-pk")[:recent]
    )
    moves = scores_moved([comment_submission(comment) for comment in comments])
    held = [
        HeldScores(
            comment,
            tuple(
                ScoreChange(
                    label.replace("_", "-"), move.shipped[label], move.site[label]
                )
                for label in LABELS
            ),
        )
        for comment, move in zip(comments, moves, strict=True)
    ]
    return LearningPage(adapter_summary(), held)
