from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porch.core.models import TimeStamped
from porch.people.models import Person


class Series(models.Model):
    """A recurring strand of posts, such as a weekly guest-post day."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description (Markdown)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("blog:series", args=[self.slug])


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("blog:category", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", args=[self.slug])


class PostQuerySet(models.QuerySet["Post"]):
    def visible(self, *, now: datetime | None = None) -> PostQuerySet:
        """Posts a reader may see: published, and their publish time has come.

        A scheduled post is a published one with a future time, so it appears on its
        own when the clock passes it: no job has to flip a flag.
        """
        return self.filter(
            status=Post.Status.PUBLISHED, publish_at__lte=now or timezone.now()
        )


class Post(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published or scheduled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    author = models.ForeignKey(
        Person, models.PROTECT, related_name="posts", verbose_name=_("author")
    )
    intro = models.TextField(
        _("guest-post intro (Markdown)"),
        blank=True,
        help_text=_("One or two lines introducing a guest author above the post."),
    )
    intro_html = models.TextField(_("intro as HTML"), blank=True, editable=False)
    body = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("Plain text for lists, feeds and link previews; taken from the "
                    "body when empty."),
    )  # fmt: skip
    questions = models.TextField(
        _("discussion questions"),
        blank=True,
        help_text=_(
            "One question a line, shown after the post to start the discussion."
        ),
    )
    series = models.ForeignKey(
        Series,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("series"),
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="posts", verbose_name=_("categories")
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="posts", verbose_name=_("tags")
    )
    featured_image = models.ImageField(
        _("featured image"), upload_to="posts/%Y/", blank=True
    )
    featured_image_alt = models.CharField(
        _("featured image description"), max_length=200, blank=True
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    comment_policy = models.TextField(
        _("comment policy for this post"),
        blank=True,
        help_text=_("Leave empty to show the site's policy."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A time in the future schedules the post."),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        permissions = [("publish_post", _("Can publish and schedule posts"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="published_post_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=[self.slug])

    @property
    def is_guest_post(self) -> bool:
        return bool(self.intro)

    @property
    def is_scheduled(self) -> bool:
        return bool(
            self.status == self.Status.PUBLISHED
            and self.publish_at
            and self.publish_at > timezone.now()
        )

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def featured_image_size(self) -> tuple[int, int] | None:
        """The featured image's (width, height), read once; None if none or unreadable.

        Pages give it as ``width``/``height`` so the layout does not jump as images
        load. A file gone from the disk (a restore without uploads) hides the image
        instead of failing the whole list page.
        """
        if not self.featured_image:
            return None
        try:
            return (self.featured_image.width, self.featured_image.height)
        except (OSError, ValueError, TypeError):
            return None
