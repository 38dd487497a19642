"""What every source's parser yields and the one writer reads: plain, source-neutral.

A parser turns its format into these and touches no database; ``porch.importers.writer``
turns them into rows. Ids are the source's own (strings, as exports spell them), so a
second run finds what the first made under the same ``(source, kind, id)``. Dates are
aware and in UTC, or None when the source had none. Private fields (email, IP) are kept
as the source gave them: the writer applies the same storage rules as a reader's
comment (``porch.comments.services``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

# Bump when the conversion changes, so the next run updates what it converted.
CONVERSION_VERSION = "2"  # 2: excerpts keep "&", old comment anchors
# Shown nowhere (removed comments are placeholders) but a comment needs some text.
DELETED_TEXT = "(This comment was deleted before the import.)"
# The Markdown a Porch export's comment was rendered from, in its comment meta.
MARKDOWN = "_porch_markdown"
# Porch's comment statuses in WordPress's words (``wp:comment_approved``).
WXR_APPROVED = {"approved": "1", "pending": "0", "spam": "spam", "removed": "trash"}


def fingerprint(value: Any) -> str:
    """A stable digest of exported values: equal means nothing changed upstream."""
    return hashlib.sha256(f"{CONVERSION_VERSION}|{value!r}".encode()).hexdigest()


def record_digest(record: Any) -> str:
    """``record``'s ``digest`` when its parser set one, else its own fingerprint.

    Parsers set it to what earlier Porch versions hashed (their own parse classes),
    so a file imported before still reads as unchanged.
    """
    return str(getattr(record, "digest", "")) or fingerprint(record)


def fingerprint_fields(name: str, fields: tuple[tuple[str, Any], ...]) -> str:
    """The fingerprint of a dataclass called ``name`` holding ``fields`` in order."""
    text = f"{name}({', '.join(f'{key}={value!r}' for key, value in fields)})"
    return hashlib.sha256(f"{CONVERSION_VERSION}|{text}".encode()).hexdigest()


def naive_utc(moment: datetime | None) -> datetime | None:
    """``moment`` in UTC without its zone (a moment without one is UTC already)."""
    return as_utc(moment).replace(tzinfo=None) if moment is not None else None


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
    digest: str = field(default="", repr=False)  # see record_digest


@dataclass(frozen=True)
class TermRecord:
    """A category or tag; ``parent`` is the parent category's slug."""

    kind: str  # "category" or "tag"
    id: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    digest: str = field(default="", repr=False)  # see record_digest


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
    # The username it was written under (Porch's own exports): linked again on every
    # run, so it stays out of the repr a fingerprint hashes.
    login: str = field(default="", repr=False)
    digest: str = field(default="", repr=False)  # see record_digest


def with_wxr_comment_digest(
    record: CommentRecord,
    *,
    date: datetime | None,
    meta: tuple[tuple[str, str], ...] = (),
) -> CommentRecord:
    """``record`` with the digest earlier Porch versions stored for it.

    They carried Disqus, Isso and Porch-export comments to the comment writer as
    WordPress comments (``WxrComment``) and hashed those: ``date`` (naive UTC, as
    those versions read the source's time) as both local and GMT time, the status in
    WordPress's words, "0" for no parent and no user, ``meta`` as (key, value) pairs.
    So a file imported before still reads as unchanged.
    """
    values = (
        ("id", record.id), ("author", record.author_name),
        ("author_email", record.author_email), ("author_url", record.author_url),
        ("author_ip", record.ip), ("date", date), ("date_gmt", date),
        ("content", record.html),
        ("approved", WXR_APPROVED.get(record.status, record.status)),
        ("type", record.kind), ("parent", record.parent or "0"), ("user_id", "0"),
        ("meta", meta),
    )  # fmt: skip
    return replace(record, digest=fingerprint_fields("WxrComment", values))


@dataclass(frozen=True)
class ThreadRecord:
    """A discussion a comment service kept, named by the page it sat on."""

    id: str
    link: str
    identifier: str = ""
    title: str = ""


@dataclass(frozen=True)
class SeriesRecord:
    """A series a post belongs to: shared by slug with the site's, or added."""

    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class PorchPostFields:
    """What only Porch's own exports say about a post."""

    intro: str = ""
    questions: str = ""
    comment_policy: str = ""
    featured_image: str = ""  # a path already checked to be in the media folder
    featured_image_alt: str = ""
    series: SeriesRecord | None = None


@dataclass(frozen=True)
class PostRecord:
    """A post or page, its body already in what Porch stores (Markdown or safe HTML).

    ``digest`` is the source's fingerprint of everything it said about the post, so a
    second run of the same file finds it unchanged. ``slug`` is the wanted slug (the
    writer makes it unique, else uses ``slug_fallback``); ``author`` is matched by
    login like any other person. ``problems`` are reported when the post is written
    (not when it is unchanged); ``skip_reason`` says why it cannot be imported.
    ``created_at`` (Porch's own exports) replaces the time the row was made.
    """

    id: str
    kind: str  # "post" or "page": how the report names it
    digest: str
    title: str = ""
    slug: str = ""
    slug_fallback: str = ""
    author: PersonRecord | None = None
    status: str = ""  # Post.Status
    publish_at: datetime | None = None
    comments_open: bool = True
    body: str = ""
    excerpt: str = ""
    porch: PorchPostFields | None = None  # None: the post's own fields stay as they are
    categories: tuple[TermRecord, ...] = ()  # matched by slug, added if missing
    tags: tuple[TermRecord, ...] = ()
    created_at: datetime | None = None
    is_skipped_if_invalid: bool = False  # else a post Porch refuses stops the import
    redirect_paths: tuple[str, ...] = ()
    metadata: tuple[tuple[str, Any], ...] = ()
    problems: tuple[str, ...] = ()
    skip_reason: str = ""
    # Read more than once by the writer: a tuple, or a view of a parser's spill file.
    comments: Iterable[CommentRecord] = field(default=(), repr=False)


@dataclass(frozen=True)
class AttachmentRecord:
    """A file the old site served: remembered by address, the file stays there."""

    id: str
    digest: str
    url: str
    title: str
    parent: str  # the source's id of the post it was uploaded to
    redirect_paths: tuple[str, ...] = ()  # old addresses of its attachment page


@dataclass(frozen=True)
class SubscriptionRecord:
    """A reader's email subscription to a post's discussion or to one comment's replies.

    ``post`` and ``comment`` are the source's ids ("" for none).
    """

    post: str
    comment: str
    kind: str
    email: str
    name: str
    confirmed_at: datetime | None = None
    unsubscribed_at: datetime | None = None
