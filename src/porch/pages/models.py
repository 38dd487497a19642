from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from porch.core.models import TimeStamped
from porch.pages.addresses import MAX_DEPTH, address_url


class Page(TimeStamped):
    """A page that stands outside the stream of posts: About, Contact, Write for us.

    Its address is the slugs of its parents and its own (``/about/write-for-us/``),
    worked out by ``porch.pages.addresses``; no address is stored, so moving a page
    moves its subpages with it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The last part of the page's address."),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,  # a parent with subpages is not deleted from under them
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
        help_text=_("A subpage's address starts with its parent's."),
    )
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
    excerpt = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Plain text for search results and link previews; taken from "
                    "the body when empty."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    show_in_menu = models.BooleanField(
        _("show in menu"),
        default=False,
        help_text=_("List the page in the site's navigation (once it is published)."),
    )
    menu_order = models.PositiveSmallIntegerField(
        _("menu order"),
        default=0,
        help_text=_("Lower numbers come first in the navigation."),
    )

    class Meta:
        ordering = ["menu_order", "title", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="page_slug_unique_under_parent",
                violation_error_message=_(
                    "Another page under this parent already has this slug."
                ),
            ),
            # NULLs are distinct in the constraint above, so top-level pages get
            # their own.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="page_slug_unique_at_top",
                violation_error_message=_(
                    "Another top-level page already has this slug."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        """The address from the parent chain (one query per ancestor)."""
        slugs: list[str] = []
        page: Page | None = self
        while page is not None and len(slugs) <= MAX_DEPTH:
            slugs.append(page.slug)
            page = page.parent
        return address_url(reversed(slugs))
