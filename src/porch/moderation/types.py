"""What moderation judges and what it answers: plain values, no database rows.

The comments app turns a comment into a ``Submission`` and stores the ``Verdict``; the
classifiers never see a model instance, so training and benchmarks need no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Label = Literal["spam", "offensive", "off_topic"]
Decision = Literal["approve", "hold", "spam", "remove"]

LABELS: tuple[Label, ...] = ("offensive", "spam", "off_topic")


@dataclass(frozen=True, slots=True)
class Submission:
    """One comment as moderation sees it, with the post and parent it answers."""

    body: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    ip: str = ""
    post_title: str = ""
    post_text: str = ""
    post_questions: tuple[str, ...] = ()
    parent_body: str = ""
    parent_author_name: str = ""


@dataclass(frozen=True, slots=True)
class Signal:
    """A classifier's opinion on one label: a score in 0..1 and why."""

    label: Label
    score: float
    reason: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a verdict is what it is, in words a moderator can check against the text."""

    code: str
    message: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Scores at or above which a comment is held for that label.

    The defaults are the documented thresholds of the shipped models (see
    ``model_files/MODEL_CARD.md``); a host may move them in the site settings.
    ``spam_file_at`` is where spam stops being held and is filed as spam outright,
    as Akismet's "certain spam" is: high, so only what no person writes goes there.
    """

    offensive: float = 0.80
    spam: float = 0.80
    off_topic: float = 0.80
    spam_file_at: float = 0.98

    def for_label(self, label: Label) -> float:
        value: float = getattr(self, label)
        return value


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of ``assess``: a decision, its reasons and every label's score."""

    decision: Decision
    reasons: tuple[Reason, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def is_approved(self) -> bool:
        return self.decision == "approve"


@runtime_checkable
class Classifier(Protocol):
    """Anything that can judge a submission: learned models and rules alike.

    ``judge`` must be deterministic for a given model file and touch no database
    or network; it may raise, and ``assess`` then holds the comment.
    """

    name: str

    def judge(self, submission: Submission) -> list[Signal]: ...


@runtime_checkable
class BatchClassifier(Classifier, Protocol):
    """A classifier that can also judge many submissions in one call (faster).

    ``judge_many(s)[i]`` must equal ``judge(s[i])``; ``assess_many`` uses it when
    present and falls back to ``judge`` one by one if it raises.
    """

    def judge_many(self, submissions: Sequence[Submission]) -> list[list[Signal]]: ...
