"""Emptying old spam: the one moderation action nobody clicks."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.moderation.models import ModerationEvent


@transaction.atomic
def spam_purge(*, now: datetime | None = None) -> int:
    """Delete spam older than the host's retention period; returns how many.

    The audit log keeps each comment's snapshot and id. Spam with replies is kept
    (replies hang under it); it goes once they are gone.
    """
    days = SiteSettings.current().moderation_spam_retention_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Comment.objects.filter(
        status=Comment.Status.SPAM, updated_at__lt=cutoff, replies__isnull=True
    )
    doomed = dict(old.values_list("pk", "body"))
    if not doomed:
        return 0
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            comment_id=pk, action=ModerationEvent.Action.PURGE, text_snapshot=body
        )
        for pk, body in doomed.items()
    )
    Comment.objects.filter(pk__in=doomed).delete()
    return len(doomed)
