"""The comments app's daily background jobs, named in ``settings.DAILY_JOBS``.

``porch serve`` enqueues each once a day through ``porch.core.schedule``; the task
worker runs them. They take no arguments and read the host's settings when they run.
"""

from __future__ import annotations

import logging

from django_tasks import task

from porch.comments import moderator_emails
from porch.comments.moderation_actions import spam_purge

logger = logging.getLogger(__name__)


@task()
def moderator_digest_daily() -> int:
    """Send the moderators' daily digest of held comments; returns emails sent.

    Sends nothing unless the host chose the daily digest and something waits.
    """
    return moderator_emails.moderator_digests_send()


@task()
def spam_purge_daily() -> int:
    """Delete spam older than the host's retention period; returns how many."""
    purged = spam_purge()
    logger.info("Purged %d spam comment(s) past retention", purged)
    return purged
