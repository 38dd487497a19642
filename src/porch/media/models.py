from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from porch.core.models import TimeStamped
from porch.core.responsive import StoredImage, stored_image_from_name


class Image(TimeStamped):
    """One uploaded picture: its upright, stripped file and narrower copies beside it.

    ``file`` holds the stored name (``core/responsive.py`` reads the size and the
    copies' names from it). Posts use an image by its address in their Markdown.
    """

    file = models.FileField(_("file"), max_length=255, unique=True)
    alt = models.CharField(
        _("description (alt text)"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    original_name = models.CharField(_("uploaded as"), max_length=255)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    image_format = models.CharField(_("format"), max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    source_key = models.CharField(
        _("imported from"),
        max_length=500,
        blank=True,
        help_text=_("Where an importer found the file, so a second import reuses it."),
    )
    is_default_share_image = models.BooleanField(
        _("default share image"),
        default=False,
        help_text=_("Shown in link previews of posts without a featured image."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(condition=~Q(alt=""), name="image_has_alt"),
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~Q(source_key=""),
                name="image_imported_once",
            ),
            models.UniqueConstraint(
                fields=["is_default_share_image"],
                condition=Q(is_default_share_image=True),
                name="one_default_share_image",
            ),
        ]

    def __str__(self) -> str:
        return str(self.alt)

    @property
    def stored(self) -> StoredImage | None:
        return stored_image_from_name(str(self.file.name))

    @property
    def url(self) -> str:
        return str(self.file.url)

    @property
    def markdown(self) -> str:
        """How a post shows this image: ``![alt](url)``, brackets in the alt escaped."""
        alt = self.alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        return f"![{alt}]({self.url})"

    @property
    def thumbnail_url(self) -> str:
        stored = self.stored
        if stored is None or not stored.copy_widths:
            return self.url
        return f"{settings.MEDIA_URL}{stored.copy_name(stored.copy_widths[0])}"
