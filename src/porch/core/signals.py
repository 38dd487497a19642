from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from porch.core.models import SITE_SETTINGS_CACHE_KEY, SiteSettings


@receiver(post_save, sender=SiteSettings)
def site_settings_drop_cache(**kwargs: Any) -> None:
    cache.delete(SITE_SETTINGS_CACHE_KEY)
