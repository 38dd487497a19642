"""What the site's own model has learned, as plain values for the desk and the
``porch moderation try`` command: decisions counted, the adapter file's state,
and how its scores differ from the shipped models' on given comments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Count

from porch.moderation.adapter import CACHE, FORMAT, AdapterSet, adapter_path
from porch.moderation.classifiers import (
    MODEL_VERSION,
    AdaptedClassifier,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.models import ModerationExample
from porch.moderation.types import LABELS, Label, Submission


@dataclass(frozen=True, slots=True)
class LabelLearning:
    """One label of the site's model: what it was fitted on and whether it judges.

    ``applied`` False: the shipped score judges this label, because the site's
    model was not yet taught both ways or would hold less than the shipped model
    at the host's ``threshold`` (see ``porch.moderation.calibration``).
    """

    label: Label
    decisions: int
    flagged: int
    applied: bool
    threshold: float | None


@dataclass(frozen=True, slots=True)
class AdapterSummary:
    """The site's model as the desk shows it.

    ``decisions`` counts the moderators' decisions kept, by their label
    (``approve``, ``spam``, ``offensive``, ``off_topic``, ``remove``);
    ``fitted_at`` is None when no adapter file is in use (none yet, or one of an
    older format or models, ignored until the next refit); ``refit_pending``
    means decisions were made since the file was fitted.
    """

    decisions: dict[str, int]
    labels: tuple[LabelLearning, ...]
    fitted_at: datetime | None
    format: str
    generation: int
    refit_pending: bool
    with_vectors: bool

    @property
    def total_decisions(self) -> int:
        return sum(self.decisions.values())

    @property
    def fitted_on(self) -> int:
        """Decisions the file was fitted on (the most any label read)."""
        return max((one.decisions for one in self.labels), default=0)

    @property
    def is_applied(self) -> bool:
        """Whether the site's model moves any score (else shipped models only)."""
        return any(one.applied for one in self.labels)


def _with_vectors() -> bool:
    # The setting, not the encoder: building the graph is no part of a summary.
    return bool(getattr(settings, "SENTENCE_MODEL", False))


def _label_learning(adapters: AdapterSet | None, label: Label) -> LabelLearning:
    adapter = None if adapters is None else adapters.labels.get(label)
    if adapter is None or adapter.examples == 0:
        return LabelLearning(label, 0, 0, applied=False, threshold=None)
    return LabelLearning(
        label,
        adapter.examples,
        adapter.positives,
        applied=adapter.is_applied(_with_vectors()),
        threshold=adapter.threshold,
    )


def adapter_summary() -> AdapterSummary:
    """What the site's own model has learned so far (two small queries).

    Reads the adapter file through the same cache the classifiers use, so it says
    what the next comment will be judged with.
    """
    counted = Counter(
        dict(
            ModerationExample.objects.order_by()
            .values("label")
            .annotate(n=Count("pk"))
            .values_list("label", "n")
        )
    )
    adapters = CACHE.current(MODEL_VERSION) if adapter_path() is not None else None
    newest = ModerationExample.objects.order_by("-pk").values_list("pk", flat=True)
    last_id = newest.first() or 0
    fitted_at = None
    if adapters is not None and adapters.fitted_at:
        fitted_at = datetime.fromtimestamp(adapters.fitted_at, tz=UTC)
    return AdapterSummary(
        decisions={label: counted[label] for label in ModerationExample.Label.values},
        labels=tuple(_label_learning(adapters, label) for label in LABELS),
        fitted_at=fitted_at,
        format=FORMAT,
        generation=0 if adapters is None else adapters.generation,
        refit_pending=last_id > (0 if adapters is None else adapters.last_example_id),
        with_vectors=_with_vectors(),
    )


@dataclass(frozen=True, slots=True)
class ScoreMove:
    """One comment's score for each label: the shipped models' and the site's."""

    shipped: dict[str, float]
    site: dict[str, float]


def _scores(
    judges: Sequence[AdaptedClassifier], subs: Sequence[Submission]
) -> list[dict[str, float]]:
    found: list[dict[str, float]] = [{} for _ in subs]
    for judge in judges:
        for index, signals in enumerate(judge.judge_many(subs)):
            for signal in signals:
                if signal.label == judge.label:
                    found[index][signal.label] = signal.score
    return found


def scores_moved(submissions: Sequence[Submission]) -> list[ScoreMove]:
    """Each submission's scores by the shipped models alone and with the site's
    model, in order: how the host's decisions moved them. Empty for no input."""
    if not submissions:
        return []
    kinds = (OffensiveClassifier, SpamClassifier, OffTopicClassifier)
    shipped = _scores([kind(adapters=lambda: None) for kind in kinds], submissions)
    site = _scores([kind() for kind in kinds], submissions)
    return [ScoreMove(a, b) for a, b in zip(shipped, site, strict=True)]
