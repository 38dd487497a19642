"""Cached pages end when a page is saved or deleted: the page itself, the menu on
every page, the sitemap and search all show it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from porch.core.page_cache import page_cache_invalidate
from porch.pages.models import Page


@receiver([post_save, post_delete], sender=Page, dispatch_uid="porch-pages-page-cache")
def page_changed_drop_pages(**kwargs: Any) -> None:
    page_cache_invalidate("Page changed")
