"""Cached pages end when a comment is saved or deleted (approved, edited, removed:
signals only drop caches), and never reach a browser holding a comment of its own.

The writer cookie lists comments only their writer sees (held) or may still edit;
the identity cookie pre-fills the form with one reader's name and email. Either one
sends the request past the cache to a page rendered for that reader.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from porch.comments.cookies import IDENTITY_COOKIE, WRITER_COOKIE
from porch.comments.models import Comment
from porch.core.page_cache import (
    page_cache_bypass_cookie_register,
    page_cache_invalidate,
)


@receiver([post_save, post_delete], sender=Comment, dispatch_uid="porch-comment-pages")
def comment_changed_drop_pages(**kwargs: Any) -> None:
    page_cache_invalidate("a comment changed")


page_cache_bypass_cookie_register(WRITER_COOKIE)
page_cache_bypass_cookie_register(IDENTITY_COOKIE)
