from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

SITE_SETTINGS_CACHE_KEY = "porch:site-settings"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SiteSettings(models.Model):
    """The host's editorial choices: one row, edited in the admin, defaults in code."""

    site_name = models.CharField(_("site name"), max_length=120, default="My Porch")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, default="Posts worth talking about"
    )
    comment_policy = models.TextField(
        _("comment policy"),
        blank=True,
        default=(
            "Be kind and stay on topic. Comments that are offensive or off-topic "
            "may be removed."
        ),
        help_text=_("Shown above the comment form (Markdown). A post may override it."),
    )
    posts_per_page = models.PositiveSmallIntegerField(_("posts per page"), default=10)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(self.site_name)

    @classmethod
    def current(cls) -> SiteSettings:
        """The one settings row, cached; created with the defaults on first use."""
        found = cache.get(SITE_SETTINGS_CACHE_KEY)
        if found is None:
            found, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, found, 300)
        return found
