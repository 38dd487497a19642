"""What moderation keeps: the audit log, the moderator's labeled examples, block rules.

Comments are named by the string ``"comments.Comment"`` so this app never imports the
comments app. Events and examples keep a snapshot of the text they are about, and their
link to the comment has no database constraint: when a comment is deleted (spam emptied
after the retention period) its history stays, with the comment's old id.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porch.moderation.types import Submission


def _comment_link(related_name: str) -> models.ForeignKey[object, object]:
    # No constraint and no cascade: the event outlives the comment, keeping its id.
    return models.ForeignKey(
        "comments.Comment",
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name=related_name,
        verbose_name=_("comment"),
    )


class ModerationEvent(models.Model):
    """One line of the audit log: who or what did what to a comment, and why.

    ``actor`` is None for the automatic pipeline (actions ``auto_*``). ``comment`` may
    point at a deleted comment: read ``comment_id`` and ``text_snapshot`` for history.
    Written in the same transaction as the change it records.
    """

    class Action(models.TextChoices):
        AUTO_APPROVE = "auto_approve", _("approved automatically")
        AUTO_HOLD = "auto_hold", _("held automatically")
        AUTO_SPAM = "auto_spam", _("marked spam automatically")
        AUTO_REMOVE = "auto_remove", _("removed automatically")
        APPROVE = "approve", _("approved")
        HOLD = "hold", _("held for review")
        SPAM = "spam", _("marked spam")
        REMOVE_OFFENSIVE = "remove_offensive", _("removed as offensive")
        REMOVE_OFF_TOPIC = "remove_off_topic", _("removed as off-topic")
        REMOVE = "remove", _("removed")
        EDIT = "edit", _("edited")
        BLOCK = "block", _("commenter blocked")
        BLOCK_CHANGE = "block_change", _("block changed")
        UNBLOCK = "unblock", _("block lifted")
        PURGE = "purge", _("old spam emptied")

    comment = _comment_link("moderation_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_events",
        verbose_name=_("moderator"),
        help_text=_("Empty for an automatic decision."),
    )
    action = models.CharField(_("action"), max_length=24, choices=Action)
    reasons = models.JSONField(
        _("reasons"),
        default=list,
        blank=True,
        help_text=_('A list of {"code", "message", "evidence"}.'),
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    text_snapshot = models.TextField(_("text judged"), blank=True)
    text_before = models.TextField(_("text before the edit"), blank=True)
    text_after = models.TextField(_("text after the edit"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        indexes = [models.Index(fields=["action", "created_at"])]

    def __str__(self) -> str:
        who = "automatic" if self.actor_id is None else f"user {self.actor_id}"
        return f"{self.get_action_display()} ({who}) comment {self.comment_id}"

    @property
    def is_automatic(self) -> bool:
        return self.actor_id is None


class ModerationExample(models.Model):
    """A moderator's decision kept as a labeled example for the learning loop.

    Snapshots the comment and the post context it was judged in, so training needs
    neither the comments app nor the comment to still exist.
    """

    class Label(models.TextChoices):
        APPROVE = "approve", _("fine")
        SPAM = "spam", _("spam")
        OFFENSIVE = "offensive", _("offensive")
        OFF_TOPIC = "off_topic", _("off-topic")
        REMOVE = "remove", _("removed for another reason")

    comment = _comment_link("moderation_examples")
    label = models.CharField(_("label"), max_length=16, choices=Label)
    text = models.TextField(_("comment text"))
    author_name = models.CharField(_("commenter's name"), max_length=100, blank=True)
    author_url = models.CharField(_("commenter's website"), max_length=200, blank=True)
    post_title = models.CharField(_("post title"), max_length=200, blank=True)
    post_text = models.TextField(_("post text"), blank=True)
    post_questions = models.TextField(_("discussion questions"), blank=True)
    parent_text = models.TextField(_("text replied to"), blank=True)
    parent_author_name = models.CharField(
        _("name replied to"), max_length=100, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_examples",
        verbose_name=_("moderator"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation example")
        verbose_name_plural = _("moderation examples")

    def __str__(self) -> str:
        return f"{self.get_label_display()}: {self.text[:40]}"

    def as_submission(self) -> Submission:
        """The example as the classifiers see it (no email or IP: never kept here)."""
        return Submission(
            body=self.text,
            author_name=self.author_name,
            author_url=self.author_url,
            post_title=self.post_title,
            post_text=self.post_text,
            post_questions=tuple(
                line for line in self.post_questions.splitlines() if line.strip()
            ),
            parent_body=self.parent_text,
            parent_author_name=self.parent_author_name,
        )


class BlockRuleQuerySet(models.QuerySet["BlockRule"]):
    def active(self, *, now: datetime | None = None) -> BlockRuleQuerySet:
        """Rules in force at ``now``: no expiry, or an expiry still ahead."""
        moment = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=moment))


class BlockRule(models.Model):
    """A blocked commenter: an email address, an email/website domain or an IP range.

    Comments matching an active rule go to spam (reason ``rule:blocklist``).
    ``value`` is normalised by ``clean``: lower-case email or domain, or a network in
    CIDR form (a single address becomes a /32 or /128).
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("email address")
        DOMAIN = "domain", _("domain")
        IP = "ip", _("IP range")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    value = models.CharField(_("blocked value (never shown)"), max_length=254)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty blocks for good.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = BlockRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("block rule")
        verbose_name_plural = _("block rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} block {self.pk}"

    def clean(self) -> None:
        value = self.value.strip().lower()
        if self.kind == self.Kind.IP:
            try:
                value = str(ipaddress.ip_network(value, strict=False))
            except ValueError:
                raise ValidationError(
                    {"value": _("Enter an IP address or a range like 203.0.113.0/24.")}
                ) from None
        elif self.kind == self.Kind.EMAIL and "@" not in value:
            raise ValidationError({"value": _("Enter a whole email address.")})
        elif self.kind == self.Kind.DOMAIN:
            value = value.removeprefix("@").strip(".")
            if "." not in value or "@" in value or "/" in value:
                raise ValidationError({"value": _("Enter a domain like example.com.")})
        self.value = value

    def is_active(self, *, now: datetime | None = None) -> bool:
        return self.expires_at is None or self.expires_at > (now or timezone.now())
