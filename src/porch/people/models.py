from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from porch.core.models import TimeStamped


class Person(TimeStamped):
    """Whoever a byline names: the host, a staff author, or a guest with no login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login account"),
        help_text=_("Leave empty for a guest author who never logs in."),
    )
    display_name = models.CharField(_("display name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    email = models.EmailField(
        _("email (never shown)"),
        blank=True,
        help_text=_(
            "Used to link imported comments and notifications; never published."
        ),
    )
    bio = models.TextField(_("bio (Markdown)"), blank=True)
    bio_html = models.TextField(_("bio as HTML"), blank=True, editable=False)
    site_name = models.CharField(_("own site's name"), max_length=120, blank=True)
    site_url = models.URLField(_("own site's address"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return str(self.display_name)

    def get_absolute_url(self) -> str:
        return reverse("blog:author", args=[self.slug])


class Book(models.Model):
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="books", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["person", "position", "pk"]
        verbose_name = _("book")
        verbose_name_plural = _("books")

    def __str__(self) -> str:
        return str(self.title)
