"""What every comments email shares: absolute links and one connection per batch.

Notifications (``tasks``) and moderator digests (``moderator_emails``) both send
through ``messages_send``, so both log alike: counts only, never an address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """``path`` on the public site: emails are read far from the page's host."""
    return f"{settings.SITE_URL}{path}"


def one_line(text: str) -> str:
    """Header-safe text: a name with a line break must not end the Subject header."""
    return " ".join(text.split())


def messages_send(messages: Iterable[EmailMessage], *, what: str) -> int:
    """Send ``messages`` over one connection; returns how many were sent.

    ``what`` names them in the log line ("notification emails").
    """
    batch = list(messages)
    if not batch:
        return 0
    with get_connection() as connection:
        sent = int(connection.send_messages(batch) or 0)
    logger.info("Sent %d of %d %s", sent, len(batch), what)
    return sent
