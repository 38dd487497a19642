"""The desk's daily moderation jobs.

``spam_purge_daily`` and ``moderator_digest_daily`` are named in
``settings.DAILY_JOBS``: ``porch serve`` enqueues each once a day through
``porch.core.schedule``; the task worker runs them. They take no arguments and read
the host's settings when they run. Jobs take ids only and load fresh rows.
"""

from __future__ import annotations

import logging

from django_tasks import task

from porch.desk import emails
from porch.desk.services.spam import spam_purge

logger = logging.getLogger(__name__)


@task()
def moderator_digest_daily() -> int:
    """Send the moderators' daily digest of held comments; returns emails sent.

    Sends nothing unless the host chose the daily digest and something waits.
    """
    return emails.moderator_digests_send()


@task()
def spam_purge_daily() -> int:
    """Delete spam older than the host's retention period; returns how many."""
    purged = spam_purge()
    logger.info("Purged %d spam comment(s) past retention", purged)
    return purged
