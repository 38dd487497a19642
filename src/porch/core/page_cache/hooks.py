"""Cached pages end when the site's settings change (name, comment policy...)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from porch.core.models import SiteSettings
from porch.core.page_cache import page_cache_invalidate


@receiver(post_save, sender=SiteSettings, dispatch_uid="porch-site-settings-pages")
def site_settings_drop_pages(**kwargs: Any) -> None:
    page_cache_invalidate("site settings changed")
