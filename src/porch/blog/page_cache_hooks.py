"""Cached pages end when what they show of the blog changes.

Signals only drop caches (house style): any saved or deleted post, series, category
or tag, and a post's categories or tags changed, end every cached page (the post, the
lists that show it, feeds, the sitemap). A scheduled post goes live with no save, so
the blog also tells the cache when the next one is due.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from porch.blog.models import Category, Post, Series, Tag
from porch.core.page_cache import page_cache_expiry_register, page_cache_invalidate

SHOWN = (Post, Series, Category, Tag)


@receiver([post_save, post_delete], dispatch_uid="porch-blog-page-cache")
def blog_changed_drop_pages(sender: type, **kwargs: Any) -> None:
    if sender in SHOWN:
        page_cache_invalidate(f"{sender.__name__} changed")


@receiver(m2m_changed, sender=Post.categories.through)
@receiver(m2m_changed, sender=Post.tags.through)
def post_terms_changed_drop_pages(**kwargs: Any) -> None:
    if str(kwargs.get("action", "")).startswith("post_"):
        page_cache_invalidate("a post's terms changed")


def next_post_goes_live() -> datetime | None:
    """When the next scheduled post becomes visible (one indexed query)."""
    return (
        Post.objects.filter(status=Post.Status.PUBLISHED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


page_cache_expiry_register(next_post_goes_live)
