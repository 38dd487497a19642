"""Reads of the audit log: moderation events, filtered, paged and as CSV rows.

An event may outlive its comment (old spam is emptied), so everything shown about
the comment falls back to the event's own snapshot. The CSV never carries a
commenter's email or IP: it leaves the site, and the log is about decisions.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date
from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet

from porch.blog.access import user_moderates_every_post
from porch.comments.models import Comment
from porch.desk.selectors import moderated_comments
from porch.moderation.models import ModerationEvent
from porch.moderation.types import LABELS

LOG_PAGE_SIZE = 50
AUTOMATIC = "automatic"
CSV_HEADER = (
    "when (UTC)",
    "moderator",
    "action",
    "comment id",
    "post",
    "commenter",
    "reasons",
    *(f"{label} score" for label in LABELS),
    "text",
    "text before edit",
    "text after edit",
)
# A spreadsheet runs a cell starting with one of these as a formula; user text must
# stay text when a host opens the export (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class LogFilters:
    """What the log is narrowed to; empty values filter nothing.

    ``actor`` is a moderator's username, or ``"automatic"`` for the pipeline.
    """

    action: str = ""
    actor: str = ""
    post_id: int | None = None
    since: date | None = None
    until: date | None = None


def _visible_events(
    user: AbstractBaseUser | AnonymousUser,
) -> QuerySet[ModerationEvent]:
    events = ModerationEvent.objects.all()
    if user_moderates_every_post(user):
        return events
    # A guest author sees the history of comments on their own posts only; events
    # about comments since emptied are not theirs to see.
    own = moderated_comments(user).filter(pk=OuterRef("comment_id"))
    return events.filter(Exists(own))


def moderation_events(
    *, user: AbstractBaseUser | AnonymousUser, filters: LogFilters
) -> QuerySet[ModerationEvent]:
    """Events ``user`` may read, newest first, with moderator, comment and post."""
    events = _visible_events(user)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor == AUTOMATIC:
        events = events.filter(actor__isnull=True)
    elif filters.actor:
        events = events.filter(actor__username=filters.actor)
    if filters.post_id:
        on_post = Comment.objects.filter(
            pk=OuterRef("comment_id"), post_id=filters.post_id
        )
        events = events.filter(Exists(on_post))
    if filters.since:
        events = events.filter(created_at__date__gte=filters.since)
    if filters.until:
        events = events.filter(created_at__date__lte=filters.until)
    return events.select_related("actor", "comment__post").defer(
        "comment__author_email", "comment__ip", "comment__user_agent"
    )


def moderation_events_page(
    *,
    user: AbstractBaseUser | AnonymousUser,
    filters: LogFilters,
    page: str | int | None,
) -> Page[ModerationEvent]:
    """One page of the log, newest first; past the end gives the last page."""
    paginator = Paginator(moderation_events(user=user, filters=filters), LOG_PAGE_SIZE)
    return paginator.get_page(page)


def log_actors(*, user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """Usernames of moderators who appear in the log ``user`` may read."""
    return list(
        _visible_events(user)
        .filter(actor__isnull=False)
        .order_by("actor__username")
        .values_list("actor__username", flat=True)
        .distinct()
    )


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _reasons_text(reasons: object) -> str:
    if not isinstance(reasons, list):
        return ""
    parts = []
    for reason in reasons:
        if isinstance(reason, dict):
            parts.append(f"{reason.get('code', '')}: {reason.get('message', '')}")
    return "; ".join(parts)


def event_comment(event: ModerationEvent) -> Comment | None:
    """The comment an event is about, or None once it has been emptied."""
    if event.comment_id is None:
        return None
    try:
        return cast(Comment | None, event.comment)
    except Comment.DoesNotExist:
        return None


def _row(event: ModerationEvent) -> list[str]:
    comment = event_comment(event)
    scores = event.scores if isinstance(event.scores, dict) else {}
    return [
        event.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor.get_username() if event.actor else AUTOMATIC,
        event.action,
        str(event.comment_id or ""),
        comment.post.title if comment else "",
        comment.author_name if comment else "",
        _reasons_text(event.reasons),
        *(f"{float(scores[label]):.4f}" if label in scores else "" for label in LABELS),
        event.text_snapshot,
        event.text_before,
        event.text_after,
    ]


class _Echo:
    """A file-like object whose ``write`` returns the line: csv writes row by row."""

    def write(self, value: str) -> str:
        return value


def events_csv_lines(events: Iterable[ModerationEvent]) -> Iterator[str]:
    """The CSV export, header first, one line per event, streamed in batches."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for event in events:
        yield writer.writerow([_cell(value) for value in _row(event)])
