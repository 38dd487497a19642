"""The audit of personal-data requests: who exported or erased a commenter's data.

A row names nobody: the address is kept only as a keyed hash (the site's secret
key), so the same address gives the same hash on this site and the host can tell
that it was handled before, while the row itself tells no one whose data it was.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What each count in ``PrivacyRequest.counts`` means, in the order they are shown.
COUNT_WORDS = {
    "comments": "comment(s) found",
    "comments_anonymised": "comment(s) anonymised",
    "comments_deleted": "comment(s) deleted",
    "placeholders": "comment(s) with replies kept as a placeholder",
    "subscriptions": "subscription(s) removed",
    "confirmed_emails": "confirmed address(es) forgotten",
    "block_rules": "block rule(s) on the address lifted",
    "events_blanked": "audit event(s) emptied of the text",
    "examples_deleted": "moderation example(s) deleted",
    "quotes_blanked": "example(s) quoting the text emptied",
    "accounts": "login account(s) with the address, left as they are",
}


class PrivacyRequest(models.Model):
    """One export or erasure of a commenter's personal data, written as it runs."""

    class Action(models.TextChoices):
        EXPORT = "export", _("exported")
        ANONYMISE = "anonymise", _("erased, comments anonymised")
        DELETE = "delete", _("erased, comments deleted")

    class Via(models.TextChoices):
        COMMAND = "command", _("porch privacy command")
        ADMIN = "admin", _("admin")

    action = models.CharField(_("action"), max_length=16, choices=Action)
    via = models.CharField(_("from"), max_length=16, choices=Via)
    email_digest = models.CharField(
        _("keyed hash of the address"),
        max_length=64,
        db_index=True,
        help_text=_("The same address always gives the same hash on this site."),
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
        help_text=_("Empty when run with the porch command."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        """The counts in words, such as "3 comment(s) anonymised, 1 subscription(s)
        removed"; zeros left out."""
        counts: dict[str, Any] = dict(self.counts or {})
        return summary_of(counts)


def summary_of(counts: dict[str, Any]) -> str:
    """``counts`` (keys of ``COUNT_WORDS``) in words, zeros left out."""
    parts = [
        f"{counts[key]} {words}"
        for key, words in COUNT_WORDS.items()
        if counts.get(key)
    ]
    return ", ".join(parts) or "nothing found"
