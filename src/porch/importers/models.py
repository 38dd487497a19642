"""What an import brought in, and where its old addresses now lead.

``ImportedObject`` remembers every object an export created, keyed by the export's own
id, so a second run of the same file adds nothing and a newer export updates in place.
``LegacyRedirect`` keeps the old site's permalinks working with a 301.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from porch.core.models import TimeStamped


class ImportedObject(TimeStamped):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        CATEGORY = "category", _("category")
        TAG = "tag", _("tag")
        ATTACHMENT = "attachment", _("attachment")
        POST = "post", _("post")
        COMMENT = "comment", _("comment")

    source = models.CharField(
        _("source"),
        max_length=255,
        help_text=_("The exporting site, such as wordpress:https://example.com."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    import_id = models.CharField(_("id in the export"), max_length=64)
    content_type = models.ForeignKey(
        ContentType,
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("type of the Porch object"),
    )
    object_id = models.PositiveBigIntegerField(
        _("id of the Porch object"), null=True, blank=True
    )
    target = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(
        _("fingerprint of the exported values"), max_length=64, blank=True
    )
    metadata = models.JSONField(
        _("details kept from the export"),
        default=dict,
        blank=True,
        help_text=_("Such as a post's sticky flag or an attachment's address."),
    )

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "import_id"], name="imported_object_once"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.import_id}"

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.metadata or {})


class LegacyRedirect(TimeStamped):
    """An old address (a path, or ``/?p=ID``) that now answers with a 301."""

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("A path such as /2012/03/05/slug/ or /?p=42."),
    )
    content_type = models.ForeignKey(
        ContentType,
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("type of the target"),
    )
    object_id = models.PositiveBigIntegerField(
        _("id of the target"), null=True, blank=True
    )
    target = GenericForeignKey("content_type", "object_id")
    new_url = models.CharField(
        _("new address"),
        max_length=500,
        blank=True,
        help_text=_("Used when there is no target object, such as an old attachment."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("old address redirect")
        verbose_name_plural = _("old address redirects")

    def __str__(self) -> str:
        return str(self.old_path)

    def destination(self) -> str | None:
        """Where the old address leads now; None when its target was deleted."""
        target = self.target
        if target is not None and hasattr(target, "get_absolute_url"):
            return str(target.get_absolute_url())
        return str(self.new_url) or None
