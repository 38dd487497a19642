"""Cached pages end when a byline, bio or book they show changes (signals only drop
caches). Accounts are left alone: a login saves its user, and no page shows one.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from porch.core.page_cache import page_cache_invalidate
from porch.people.models import Book, Person

SHOWN = (Person, Book)


@receiver([post_save, post_delete], dispatch_uid="porch-people-page-cache")
def people_changed_drop_pages(sender: type, **kwargs: Any) -> None:
    if sender in SHOWN:
        page_cache_invalidate(f"{sender.__name__} changed")
