"""Comments: one table, threads kept as a sortable materialized path.

A comment's ``path`` is its parent's path plus its own zero-padded id, so ordering by
``path`` lists every thread depth-first and a page of threads is one range of paths.
Fixed-width segments keep that order right under any database collation.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from porch.core.models import TimeStamped

PATH_SEGMENT_WIDTH = 10
PATH_SEPARATOR = "/"
# 23 levels fit in 255 characters; the host's depth setting stays far below that.
PATH_MAX_LENGTH = 255

NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000
# A commenter's IP is kept as its network (PORCH_COMMENT_IP_STORAGE=truncate): IPv4
# /24, IPv6 /48. Blocking "this commenter's range" from the desk uses the same width.
STORED_IP_PREFIX = {4: 24, 6: 48}


def comment_fingerprint(*, email: str, name: str, body: str) -> str:
    """What the "you already said that" rule compares, as 64 hex characters.

    The writer is their email (any case) or, without one, their name; the text has
    its outer whitespace and line endings evened out, so a double click, a proxy's
    retry or a paste from another browser all give the same fingerprint. With the
    post it is unique among a post's comments that are not removed: the database,
    not a read before the insert, keeps concurrent twins out.
    """
    email = email.strip().lower()
    writer = f"email:{email}" if email else f"name:{name.strip()}"
    text = unicodedata.normalize("NFC", body.replace("\r\n", "\n").strip())
    return hashlib.sha256(f"{writer}\0{text}".encode()).hexdigest()


def thread_path(*, parent: Comment | None, pk: int) -> str:
    """The path of comment ``pk`` placed under ``parent`` (a top-level one if None)."""
    own = str(pk).zfill(PATH_SEGMENT_WIDTH)
    return f"{parent.path}{PATH_SEPARATOR}{own}" if parent else own


class Comment(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        SPAM = "spam", _("spam")
        REMOVED = "removed", _("removed")

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        PINGBACK = "pingback", _("pingback")
        TRACKBACK = "trackback", _("trackback")

    post = models.ForeignKey(
        "blog.Post", models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    path = models.CharField(
        _("thread path"),
        max_length=PATH_MAX_LENGTH,
        db_index=True,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PENDING
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind, default=Kind.COMMENT
    )
    author_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    author_email = models.EmailField(
        _("email (never shown)"), max_length=EMAIL_MAX_LENGTH, blank=True
    )
    author_url = models.URLField(_("website"), max_length=URL_MAX_LENGTH, blank=True)
    body = models.TextField(_("comment (Markdown)"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(_("comment as HTML"), blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("login account"),
        help_text=_("Set when the host or an author writes while logged in."),
    )
    ip = models.CharField(
        _("IP address, truncated or hashed (never shown)"),
        max_length=80,
        blank=True,
    )
    user_agent = models.CharField(
        _("browser (never shown)"), max_length=300, blank=True
    )
    legacy_anchor = models.CharField(
        _("anchor on the old site"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("Such as comment-123: old links to it keep landing on it."),
    )
    moderation_reasons = models.JSONField(
        _("moderation reasons"),
        default=list,
        blank=True,
        editable=False,
        help_text=_('Why the pipeline decided: a list of {"code", "message", '
                    '"evidence"}.'),
    )  # fmt: skip
    moderation_scores = models.JSONField(
        _("moderation scores"), default=dict, blank=True, editable=False
    )
    moderation_risk = models.FloatField(
        _("highest moderation score"), default=0.0, editable=False, db_index=True
    )
    is_email_proven = models.BooleanField(
        _("email proven"),
        default=False,
        editable=False,
        help_text=_(
            "Set when the writer showed the email is theirs: signed in, the browser "
            "that wrote an earlier comment, or a link Porch emailed to it."
        ),
    )
    # NULL, not "": the unique index must let any number of imported comments be
    # without one.
    fingerprint = models.CharField(  # noqa: DJ001
        _("duplicate fingerprint"),
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Writer and text as the writer last sent them (comment_fingerprint), "
            "unique among a post's live comments. Empty on imported comments, "
            "which may repeat themselves."
        ),
    )
    subscribers_notified_at = models.DateTimeField(
        _("subscribers emailed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set once: approving the comment again emails nobody twice."),
    )

    class Meta:
        ordering = ["post", "path"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "status", "path"]),
            # A page of threads: top-level paths in order, then one range of paths.
            models.Index(fields=["post", "parent", "path"], name="comment_thread_idx"),
            models.Index(fields=["post", "path"], name="comment_page_idx"),
            # The cached discussion's fingerprint: how many comments, latest change.
            models.Index(fields=["post", "updated_at"], name="comment_changed_idx"),
        ]
        constraints = [
            # One live copy of each thing a writer said on a post; a removed one no
            # longer counts, so the writer may say it again.
            models.UniqueConstraint(
                fields=["post", "fingerprint"],
                condition=Q(fingerprint__isnull=False) & ~Q(status="removed"),
                name="comment_said_once",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_has_body"),
            models.CheckConstraint(
                condition=~Q(author_name=""), name="comment_has_author_name"
            ),
            models.CheckConstraint(
                condition=Q(author_url="")
                | Q(author_url__startswith="http://")
                | Q(author_url__startswith="https://"),
                name="comment_url_is_http",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.post_id}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("comments:permalink", args=[self.pk])

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR)

    @property
    def thread_root_path(self) -> str:
        return self.path[:PATH_SEGMENT_WIDTH]

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the thread's top-level comment down to this one's parent."""
        return [int(part) for part in self.path.split(PATH_SEPARATOR)[:-1]]

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_hidden(self) -> bool:
        return self.status in {self.Status.REMOVED, self.Status.SPAM}


class ConfirmedEmail(models.Model):
    """An address whose owner followed a link Porch emailed to it.

    Only the owner of the mailbox can follow such a link, so a row here is what turns
    a typed address into a known one: badges and the known-commenter rule read it.
    """

    email = models.EmailField(
        _("email (never shown)"), max_length=EMAIL_MAX_LENGTH, unique=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        verbose_name = _("confirmed email")
        verbose_name_plural = _("confirmed emails")
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="confirmed_email_is_lower"
            ),
        ]

    def __str__(self) -> str:
        return f"confirmed email {self.pk}"


def new_subscription_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not ended: the only subscriptions that get comment emails."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def pending(self) -> SubscriptionQuerySet:
        """Asked for, waiting for the address's owner to follow the emailed link."""
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    """An address that wants email about a post's comments or replies to a comment.

    Readers' subscriptions start pending and become active only through the emailed
    link (double opt-in); the host's and author's ``moderation`` ones start active.
    """

    class Kind(models.TextChoices):
        POST = "post", _("new comments on this post")
        REPLIES = "replies", _("replies to your comment")
        MODERATION = "moderation", _("new comments to moderate")

    post = models.ForeignKey(
        "blog.Post",
        models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("post"),
    )
    comment = models.ForeignKey(
        Comment,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("replies to comment"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    email = models.EmailField(_("email (never shown)"), max_length=EMAIL_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    token = models.CharField(
        _("link token"),
        max_length=64,
        unique=True,
        editable=False,
        default=new_subscription_token,
    )
    confirmation_sent_at = models.DateTimeField(
        _("confirmation emailed"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["post", "pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "kind", "email"],
                condition=Q(comment__isnull=True),
                name="subscription_one_per_post_kind",
            ),
            models.UniqueConstraint(
                fields=["comment", "email"],
                condition=Q(kind="replies"),
                name="subscription_one_per_comment",
            ),
            models.CheckConstraint(
                condition=Q(kind="replies", comment__isnull=False)
                | (~Q(kind="replies") & Q(comment__isnull=True)),
                name="subscription_comment_only_for_replies",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (post {self.post_id})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
