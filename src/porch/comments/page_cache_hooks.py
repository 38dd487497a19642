"""Cached pages end when a comment is saved or deleted (approved, edited, removed:
signals only drop caches), and never reach a browser holding a comment of its own.

The writer cookie lists comments only their writer sees (held) or may still edit;
the identity cookie pre-fills the form with one reader's name and email. Either one
sends the request past the cache to a page rendered for that reader.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from porch.comments.cookies import IDENTITY_COOKIE, WRITER_COOKIE
from porch.comments.models import Comment
from porch.core.page_cache import (
    page_cache_bypass_cookie_register,
    page_cache_invalidate,
)

# Held and spam comments show on no cached page (their writers bypass the cache), so
# a comment that was and stays out of sight ends nothing: a burst of spam must not
# empty the cache under a traffic spike.
UNSEEN = frozenset([Comment.Status.PENDING, Comment.Status.SPAM])


@receiver(pre_save, sender=Comment, dispatch_uid="porch-comment-pages-before")
def comment_saving_remember_status(
    instance: Comment, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    # The status the stored row had: known without a query when the save leaves it
    # alone (the thread path written after the insert), else one query per write.
    if instance._state.adding:
        before = None
    elif update_fields is not None and "status" not in update_fields:
        before = instance.status
    else:
        before = (
            Comment.objects.filter(pk=instance.pk)
            .values_list("status", flat=True)
            .first()
        )
    instance._status_before = before  # type: ignore[attr-defined]


@receiver([post_save, post_delete], sender=Comment, dispatch_uid="porch-comment-pages")
def comment_changed_drop_pages(instance: Comment, **kwargs: Any) -> None:
    was = getattr(instance, "_status_before", None)
    if instance.status in UNSEEN and (was is None or was in UNSEEN):
        return  # out of sight before and after: no cached page showed it
    page_cache_invalidate("a comment changed")


page_cache_bypass_cookie_register(WRITER_COOKIE)
page_cache_bypass_cookie_register(IDENTITY_COOKIE)
