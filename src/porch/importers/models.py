"""What an import brought in, and where its old addresses now lead.

``ImportedObject`` remembers every object an export created, keyed by the export's own
id, so a second run of the same file adds nothing and a newer export updates in place.
``LegacyRedirect`` keeps the old site's permalinks working with a 301.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
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


def import_upload_storage() -> FileSystemStorage:
    """Uploaded exports hold commenters' emails and IPs: kept outside public media."""
    return FileSystemStorage(location=settings.DATA_DIR / "imports")


class ImportJob(TimeStamped):
    """An export the host uploaded in the admin, imported by a background job."""

    class Source(models.TextChoices):
        WORDPRESS = "wordpress", _("WordPress export (WXR .xml)")
        DISQUS = "disqus", _("Disqus export (.xml)")
        ISSO = "isso", _("Isso database (.db)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("importing")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("stopped with an error")

    source = models.CharField(_("what the file is"), max_length=16, choices=Source)
    file = models.FileField(
        _("file"),
        upload_to="%Y/%m/",
        storage=import_upload_storage,
        blank=True,
        help_text=_("Deleted once the import has run: it holds private data."),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    dry_run = models.BooleanField(
        _("dry run"),
        default=False,
        help_text=_("Do the whole import and report it, then undo it."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    summary = models.CharField(_("counts so far"), max_length=500, blank=True)
    report = models.TextField(_("report"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="import_job_progress_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.file_name or self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
