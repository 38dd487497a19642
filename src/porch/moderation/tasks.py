"""Background jobs of the moderation app: refitting the site's adapter."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from porch.core.models import SiteSettings
from porch.moderation.adapter import CACHE, AdapterSet, adapter_path, adapter_save
from porch.moderation.classifiers import MODEL_VERSION
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.models import ModerationExample
from porch.moderation.rules import policy_from_site
from porch.moderation.sentence import sentence_encoder
from porch.moderation.types import Thresholds

logger = logging.getLogger(__name__)


@task()
def moderation_adapter_train(refit: bool = False) -> int:
    """Refit the site's adapter from every moderator decision; return how many.

    Skips the work when the adapter already includes the newest decision and was
    fitted with the sentence model and the hold thresholds as they are now set, so
    a burst of decisions queues many jobs but fits once. The thresholds are the
    host's (site settings): the fit places each at the same point on the site's
    blended score, so a host who moves one gets a refit from the daily job or the
    next decision. An adapter of another format or model version reads as none, so
    the next decision refits from every decision kept. Returns 0 when the site has
    no data directory or no decisions yet.

    ``refit`` fits even when nothing new was decided: examples were deleted (a
    commenter's data erased) and the adapter must stop holding what they taught.
    With no decision left, the adapter file is removed: a site without decisions
    has none. A fit that finds examples deleted while it ran is thrown away and
    done again, so it never writes down what an erasure took out.
    """
    path = adapter_path()
    if path is None:
        return 0
    newest = ModerationExample.objects.order_by("-pk").values_list("pk", flat=True)
    last_id = newest.first()
    if last_id is None:
        path.unlink(missing_ok=True)
        return 0
    current = CACHE.current(MODEL_VERSION)
    thresholds = policy_from_site(SiteSettings.current()).thresholds
    if not refit and _is_up_to_date(current, last_id, thresholds):
        return 0
    examples = list(ModerationExample.objects.filter(pk__lte=last_id))
    decisions = [
        Decision(example.as_submission(), example.label) for example in examples
    ]
    generation = current.generation + 1 if current is not None else 1
    adapters = adapters_fit(
        decisions,
        last_example_id=last_id,
        generation=generation,
        thresholds=thresholds,
        fitted_at=timezone.now().timestamp(),
    )
    if ModerationExample.objects.filter(pk__lte=last_id).count() != len(examples):
        logger.info("moderation examples were erased during a fit: fitting again")
        return int(moderation_adapter_train.call(refit=True))
    adapter_save(adapters, path)
    logger.info(
        "moderation adapter %d fitted on %d decisions", generation, len(examples)
    )
    return len(examples)


def _is_up_to_date(
    current: AdapterSet | None, last_id: int, thresholds: Thresholds
) -> bool:
    if current is None or current.last_example_id < last_id:
        return False
    if any(
        adapter.threshold != thresholds.for_label(label)  # type: ignore[arg-type]
        for label, adapter in current.labels.items()
    ):
        return False
    # Switching the sentence model on or off changes what a fit would learn.
    return not current.labels or current.has_embeddings == (
        sentence_encoder() is not None
    )


def adapter_train_soon() -> None:
    """Queue a refit for after the current transaction commits (decisions saved)."""
    transaction.on_commit(lambda: moderation_adapter_train.enqueue())


def adapter_refit_soon() -> None:
    """Queue a refit from the decisions left, after the current transaction commits
    (decisions deleted or changed), even though no new one was made."""
    transaction.on_commit(lambda: moderation_adapter_train.enqueue(refit=True))
