"""What every source's parser yields and the one writer reads: plain, source-neutral.

A parser turns its format into these and touches no database; ``porch.importers.writer``
turns them into rows. Ids are the source's own (strings, as exports spell them), so a
second run finds what the first made under the same ``(source, kind, id)``. Dates are
aware and in UTC, or None when the source had none. Private fields (email, IP) are kept
as the source gave them: the writer applies the same storage rules as a reader's
comment (``porch.comments.services``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

# Shown nowhere (removed comments are placeholders) but a comment needs some text.
DELETED_TEXT = "(This comment was deleted before the import.)"


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a moment without a zone is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class PersonRecord:
    """An author: matched to a login or a person by login or email, else added.

    ``extra`` holds Porch's own fields when the source is a Porch export (``login``,
    ``bio``, ``site_name``, ``site_url``, ``photo``); ``books`` its list of books as
    (title, url, position).
    """

    id: str
    login: str
    email: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    books: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class TermRecord:
    """A category or tag; ``parent`` is the parent category's slug."""

    kind: str  # "category" or "tag"
    id: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass(frozen=True)
class CommentRecord:
    """One comment as its source stored it.

    ``parent`` is the id of the comment it replies to ("" for a new thread). ``status``
    and ``kind`` are Porch's words (``Comment.Status``, ``Comment.Kind``). ``html`` is
    what the source showed; ``markdown``, when the source kept it (Porch's own
    exports), is taken as is instead. ``author_person`` is the source's id of the
    site's own person who wrote it ("" for a reader). A comment the source says
    cannot be imported carries the reason in ``skip_reason``.
    """

    id: str
    parent: str
    author_name: str
    author_email: str
    author_url: str
    ip: str
    created_at: datetime | None
    html: str
    status: str
    kind: str = "comment"
    markdown: str = ""
    author_person: str = ""
    skip_reason: str = ""


@dataclass(frozen=True)
class ThreadRecord:
    """A discussion a comment service kept, named by the page it sat on."""

    id: str
    link: str
    identifier: str = ""
    title: str = ""
