"""The one way Porch sends email: a template pair rendered into one message per address.

Reply notifications, confirmation links, moderator emails and removal notices are all
built by ``email_message`` and sent by ``emails_send``, so every email gets a one-line
subject and the site's sender, and every batch logs alike: counts only, never an
address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Marks an email no person typed, so auto-responders stay quiet (RFC 3834).
AUTO_SUBMITTED = {"Auto-Submitted": "auto-generated"}


def absolute_url(path: str) -> str:
    """``path`` on the public site: emails are read far from the page's host."""
    return f"{settings.SITE_URL}{path}"


def one_line(text: str) -> str:
    """Header-safe text: a name with a line break must not end the Subject header."""
    return " ".join(text.split())


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers that let a mail client offer one-click unsubscribe (RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        **AUTO_SUBMITTED,
    }


def email_message(
    *,
    template: str,
    context: Mapping[str, Any],
    subject: str,
    to: str,
    headers: Mapping[str, str] | None = None,
    html: bool = True,
) -> EmailMultiAlternatives:
    """One email to ``to``: ``<template>.txt`` is its text, ``<template>.html`` (unless
    ``html`` is False) its HTML alternative.

    The text templates turn autoescaping off themselves: a plain-text body must
    carry a commenter's ``&`` and ``<`` as typed.
    """
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"{template}.txt", dict(context)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=dict(headers or {}),
    )
    if html:
        message.attach_alternative(
            render_to_string(f"{template}.html", dict(context)), "text/html"
        )
    return message


def emails_send(messages: Iterable[EmailMessage], *, what: str) -> int:
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
