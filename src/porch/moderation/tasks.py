"""Background jobs of the moderation app: refitting the site's adapter."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from porch.moderation.adapter import CACHE, adapter_path, adapter_save
from porch.moderation.classifiers import MODEL_VERSION
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.models import ModerationExample

logger = logging.getLogger(__name__)


@task()
def moderation_adapter_train() -> int:
    """Refit the site's adapter from every moderator decision; return how many.

    Skips the work when the adapter already includes the newest decision, so a
    burst of decisions queues many jobs but fits once. Returns 0 when the site has
    no data directory or no decisions yet.
    """
    path = adapter_path()
    if path is None:
        return 0
    newest = ModerationExample.objects.order_by("-pk").values_list("pk", flat=True)
    last_id = newest.first()
    if last_id is None:
        return 0
    current = CACHE.current(MODEL_VERSION)
    if current is not None and current.last_example_id >= last_id:
        return 0
    examples = list(ModerationExample.objects.filter(pk__lte=last_id))
    decisions = [
        Decision(example.as_submission(), example.label) for example in examples
    ]
    generation = current.generation + 1 if current is not None else 1
    adapters = adapters_fit(decisions, last_example_id=last_id, generation=generation)
    adapter_save(adapters, path)
    logger.info(
        "moderation adapter %d fitted on %d decisions", generation, len(examples)
    )
    return len(examples)


def adapter_train_soon() -> None:
    """Queue a refit for after the current transaction commits (decisions saved)."""
    transaction.on_commit(lambda: moderation_adapter_train.enqueue())
