from __future__ import annotations

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SITE_SETTINGS_CACHE_KEY = "porch:site-settings"
# Saving drops the cached row, but with the default in-process cache only in the
# process that saved it; a short life bounds how long the other server processes
# show old settings, at the cost of one primary-key read every few seconds.
SITE_SETTINGS_CACHE_SECONDS = 10


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

    class CommentOrder(models.TextChoices):
        OLDEST_FIRST = "oldest", _("oldest first")
        NEWEST_FIRST = "newest", _("newest first")

    comment_max_depth = models.PositiveSmallIntegerField(
        _("deepest reply level"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 turns threads off; a reply past the deepest level is shown "
                    "beside the comment it answers."),
    )  # fmt: skip
    comments_per_page = models.PositiveSmallIntegerField(
        _("threads per comment page"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Top-level comments a page; their replies stay with them."),
    )
    comment_order = models.CharField(
        _("comment order"),
        max_length=8,
        choices=CommentOrder,
        default=CommentOrder.OLDEST_FIRST,
    )
    comments_close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        default=0,
        help_text=_("Days after publishing; 0 keeps comments open."),
    )
    notify_host_on_comment = models.BooleanField(
        _("email the host about new comments"), default=True
    )
    notify_author_on_comment = models.BooleanField(
        _("email the post's author about new comments"), default=True
    )
    # Moderation (issue 4): WordPress's Discussion rules plus Porch's classifiers.
    moderation_manual_approval = models.BooleanField(
        _("hold every comment for manual approval"), default=False
    )
    moderation_hold_first_comment = models.BooleanField(
        _("comment author must have a previously approved comment"),
        default=True,
        help_text=_("Off approves first-time commenters whom no other rule holds."),
    )
    moderation_hold_links = models.PositiveSmallIntegerField(
        _("hold a comment with this many links or more"),
        default=2,
        help_text=_("0 turns the rule off."),
    )
    moderation_words = models.TextField(
        _("moderation words"),
        blank=True,
        help_text=_("One word or phrase a line. A comment containing one in its text, "
                    "name, email, website or IP is held."),
    )  # fmt: skip
    moderation_disallowed_words = models.TextField(
        _("disallowed words"),
        blank=True,
        help_text=_("One a line; matched like moderation words, but the comment goes "
                    "to spam."),
    )  # fmt: skip
    moderation_offensive_threshold = models.FloatField(
        _("offensive score that holds a comment"),
        default=0.80,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    moderation_spam_threshold = models.FloatField(
        _("spam score that holds a comment"),
        default=0.80,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    moderation_spam_file_at = models.FloatField(
        _("file as spam at or above"),
        default=0.98,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("A spam score this high files the comment as spam instead of "
                    "holding it; it stays on the desk's Spam view until emptied."),
    )  # fmt: skip
    moderation_off_topic_threshold = models.FloatField(
        _("off-topic score that holds a comment"),
        default=0.80,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    moderation_spam_retention_days = models.PositiveSmallIntegerField(
        _("empty spam after (days)"), default=30, validators=[MinValueValidator(1)]
    )
    moderation_guest_authors_moderate = models.BooleanField(
        _("guest authors may moderate comments on their own posts"), default=True
    )
    moderation_email_commenter_on_removal = models.BooleanField(
        _("email the commenter when their comment is removed"), default=False
    )

    class ModeratorEmails(models.TextChoices):
        IMMEDIATELY = "immediately", _("at once, one email per held comment")
        DAILY = "daily", _("once a day, a digest of every held comment")
        NEVER = "never", _("never")

    moderation_moderator_emails = models.CharField(
        _("email moderators when comments wait for review"),
        max_length=12,
        choices=ModeratorEmails,
        default=ModeratorEmails.IMMEDIATELY,
        help_text=_("Moderators: the host, editors, and authors on their own posts. "
                    "The digest goes out in the morning, only when comments wait."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(self.site_name)

    @classmethod
    def current(cls) -> SiteSettings:
        """The one settings row, cached; created with the defaults on first use."""
        found: SiteSettings | None = cache.get(SITE_SETTINGS_CACHE_KEY)
        if found is None:
            found, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, found, SITE_SETTINGS_CACHE_SECONDS)
        return found


class DailyJobRun(models.Model):
    """A daily background job claimed for one day (``porch.core.schedule``).

    The unique (job, day) pair is what lets several app processes share one
    database and still run each daily job once a day.
    """

    job = models.CharField(_("job"), max_length=64)
    day = models.DateField(_("day"))
    enqueued_at = models.DateTimeField(_("enqueued"), default=timezone.now)

    class Meta:
        verbose_name = _("daily job run")
        verbose_name_plural = _("daily job runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="daily_job_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} on {self.day.isoformat()}"
