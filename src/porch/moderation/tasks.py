"""Background jobs of the moderation app: refitting the site's adapter."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from porch.moderation.adapter import CACHE, AdapterSet, adapter_path, adapter_save
from porch.moderation.classifiers import MODEL_VERSION
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.models import ModerationExample
from porch.moderation.sentence import sentence_encoder

logger = logging.getLogger(__name__)


@task()
def moderation_adapter_train() -> int:
    """Refit the site's adapter from every moderator decision; return how many.

    Skips the work when the adapter already includes the newest decision and was
    fitted with the sentence model as it is now set, so a burst of decisions queues
    many jobs but fits once. An adapter of another format or model version reads as
    none, so the next decision refits from every decision kept. Returns 0 when the
    site has no data directory or no decisions yet.
    """
    path = adapter_path()
    if path is None:
        return 0
    newest = ModerationExample.objects.order_by("-pk").values_list("pk", flat=True)
    last_id = newest.first()
    if last_id is None:
        return 0
    current = CACHE.current(MODEL_VERSION)
    if _is_up_to_date(current, last_id):
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


def _is_up_to_date(current: AdapterSet | None, last_id: int) -> bool:
    if current is None or current.last_example_id < last_id:
        return False
    # Switching the sentence model on or off changes what a fit would learn.
    return not current.labels or current.has_embeddings == (
        sentence_encoder() is not None
    )


def adapter_train_soon() -> None:
    """Queue a refit for after the current transaction commits (decisions saved)."""
    transaction.on_commit(lambda: moderation_adapter_train.enqueue())
