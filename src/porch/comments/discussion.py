"""The discussion page's reads, returned as plain data: the post page renders them.

``discussion_page_get`` is what the page shows of the discussion for one reader (the
form's state, their own held and editable comments, where the shared comment list is
cached); ``discussion_for_post`` is one page of comments, as rows.

A page of the discussion is one range of thread paths: from its first thread's path
up to (not including) the next page's first thread. One query fetches every comment
in it, whatever the number of replies, and the tree is assembled in one pass.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from porch.blog.models import Post
from porch.comments.avatars import Avatar, avatar_for
from porch.comments.explanations import writer_notes_for
from porch.comments.identity import comments_badged
from porch.comments.models import Comment
from porch.comments.selectors import (
    approved_comment_count,
    comment_for_reply,
    comment_statuses_for_writer,
    comment_visibility,
    discussion_fingerprint,
    post_accepts_comments,
)
from porch.comments.services import EDIT_WINDOW
from porch.core.identity_text import identity_text_clean
from porch.core.models import SiteSettings
from porch.core.page_cache import fragment_get_or_make
from porch.core.sanitize import render_post_markdown

# Sorts after every path (paths are digits and slashes) in any collation.
AFTER_EVERY_PATH = "z"
# What a discussion page shows, and nothing else: the Markdown source and the
# moderation JSON would cost decoding on every row. The email only feeds the avatar's
# keyed hash; the rows never carry it.
PAGE_FIELDS = (
    "post_id",
    "parent_id",
    "path",
    "status",
    "author_name",
    "author_email",
    "author_url",
    "body_html",
    "user_id",
    "is_email_proven",
    "legacy_anchor",
    "created_at",
)


@dataclass(frozen=True)
class CommentRow:
    """A comment as a page shows it: its parts, its place in the thread, its replies."""

    pk: int
    author_name: str
    author_url: str
    body_html: str
    avatar: Avatar
    written_at: datetime  # in the site's time zone
    is_post_author: bool
    is_host: bool
    is_placeholder: bool  # removed, kept for the replies under it
    is_awaiting_moderation: bool  # held: only its writer is shown it
    is_editable: bool  # its writer's, still within the edit window
    writer_note: str = ""  # why held or removed, on its writer's own list alone
    is_removed_for_writer: bool = False  # removed, shown to its writer with why
    number: int | None = None  # top-level comments only, 1, 2, 3... across pages
    legacy_anchor: str = ""  # the old site's id for it, when no other id is that
    depth: int = 1  # 1 for a top-level comment, as the page nests it
    # Reply lists that end right after this comment (it is their last descendant).
    closes: int = 0
    replies: tuple[CommentRow, ...] = ()

    @property
    def key(self) -> str:
        # Text, not an int: the template would localise an int on each of its uses.
        return str(self.pk)

    @property
    def closing(self) -> range:
        return range(self.closes)

    @property
    def written_at_text(self) -> str:
        """What ``|date:"DATETIME_FORMAT"`` prints in English (porch/core/formats).

        Built directly: the filter parses its format string for every comment,
        which took a third of the list's rendering time.
        """
        local = self.written_at
        meridiem = gettext("p.m.") if local.hour > 11 else gettext("a.m.")
        return (
            f"{MONTHS[local.month]} {local.day}, {local.year} "
            f"at {local.hour % 12 or 12}:{local.minute:02d} {meridiem}"
        )


@dataclass(frozen=True)
class CommentPage:
    """One page of a post's discussion: its threads, numbered, replies nested."""

    threads: tuple[CommentRow, ...]
    approved_count: int
    page: int
    page_count: int

    @property
    def page_numbers(self) -> range:
        return range(1, self.page_count + 1)

    @property
    def has_pages(self) -> bool:
        return self.page_count > 1

    @property
    def comments(self) -> list[CommentRow]:
        """Every comment on the page in reading order, for one flat template loop."""
        flat: list[CommentRow] = []
        _flatten(self.threads, flat)
        return flat


def _flatten(rows: Collection[CommentRow], flat: list[CommentRow]) -> None:
    for row in rows:
        flat.append(row)
        _flatten(row.replies, flat)


@dataclass(frozen=True)
class ReplyTarget:
    """The comment the form answers: the heading names its writer."""

    pk: int
    author_name: str


@dataclass(frozen=True)
class DiscussionReader:
    """What the discussion knows of its reader: the comments their browser wrote."""

    written: Mapping[int, int] = field(default_factory=dict)  # id -> Unix write time


@dataclass(frozen=True)
class DiscussionPage:
    """What the post page shows of its discussion to one reader, beside the list."""

    page: int  # as asked for; the list shows the last page past the end
    accepts_comments: bool
    policy_html: str
    reply_to: ReplyTarget | None
    held_ids: frozenset[int]  # the reader's comments waiting for review
    editable_ids: frozenset[int]  # the reader's comments still within the edit window
    # The reader's own held and moderator-removed comments -> why, in plain words.
    notes: Mapping[int, str]
    # What the comment list shown to every reader without comments of their own here
    # depends on; None when this reader's list is theirs alone (never shared).
    list_key: str | None


def discussion_page_get(
    *, post: Post, page: int, reader: DiscussionReader, reply_to_pk: int | None
) -> DiscussionPage:
    """The discussion's state on ``post``'s page ``page`` for ``reader``.

    One query for the reader's own comments here (none when they wrote none), one for
    the discussion's fingerprint when their list is the shared one, one for the
    comment they reply to when there is one. The list itself is ``discussion_for_post``.
    """
    site = SiteSettings.current()
    accepts = post_accepts_comments(post=post, site=site)
    own = comment_statuses_for_writer(post=post, written_ids=reader.written.keys())
    fresh = time.time() - EDIT_WINDOW.total_seconds()
    editable = frozenset(pk for pk in own if reader.written[pk] > fresh)
    held = frozenset(
        pk for pk, status in own.items() if status == Comment.Status.PENDING
    )
    removed = [pk for pk, status in own.items() if status == Comment.Status.REMOVED]
    notes = writer_notes_for(held_ids=held, removed_ids=removed)
    list_key = None
    if not editable and not held and not notes:
        list_key = _list_key(post=post, page=page, site=site, accepts=accepts)
    reply = comment_for_reply(post=post, pk=reply_to_pk)
    return DiscussionPage(
        page=page,
        accepts_comments=accepts,
        policy_html=_policy_html(post.comment_policy or site.comment_policy),
        reply_to=None
        if reply is None
        else ReplyTarget(reply.pk, identity_text_clean(reply.author_name)),
        held_ids=held,
        editable_ids=editable,
        notes=notes,
        list_key=list_key,
    )


@lru_cache(maxsize=32)
def _policy_html(text: str) -> str:
    """The comment policy as HTML: Markdown and sanitizing cost more than the rest of
    the discussion's state, for a text that is the same on every request."""
    return render_post_markdown(text)


def _list_key(*, post: Post, page: int, site: SiteSettings, accepts: bool) -> str:
    parts = (
        post.pk,
        post.updated_at.timestamp(),  # the author, closing by hand
        # Every change a shared list can show ends the page cache's fragments (held
        # and spam comments, which no shared list shows, do not): one query per
        # change, not per reader.
        fragment_get_or_make(
            f"discussion-fingerprint:{post.pk}",
            lambda: discussion_fingerprint(post=post),
        ),
        page,
        site.comments_per_page,
        site.comment_order,
        accepts,  # also turns when the post closes by age
    )
    return ":".join(str(part) for part in parts)


def _page_bounds(
    threads: QuerySet[Comment], *, offset: int, per_page: int, total: int, newest: bool
) -> tuple[Subquery | str, Subquery | str]:
    paths = threads.order_by("-path" if newest else "path").values("path")

    def nth(index: int) -> Subquery:
        return Subquery(paths[index : index + 1])

    last = offset + per_page - 1
    if newest:
        low = nth(last) if last < total else ""
        high = nth(offset - 1) if offset > 0 else AFTER_EVERY_PATH
    else:
        low = nth(offset) if offset < total else AFTER_EVERY_PATH
        high = nth(last + 1) if last + 1 < total else AFTER_EVERY_PATH
    return low, high


@dataclass
class _Node:
    """A comment while its thread is assembled; frozen into a row once complete."""

    comment: Comment
    legacy_anchor: str = ""
    note: str = ""  # why, for its writer alone (``writer_notes_for``)
    replies: list[_Node] = field(default_factory=list)


def _assemble(comments: list[Comment], notes: Mapping[int, str]) -> list[_Node]:
    nodes: dict[int, _Node] = {}
    roots: list[_Node] = []
    # An imported comment's old anchor (comment-123) may be a newer comment's own id
    # on this page: that comment keeps it, since ids must be unique on a page.
    anchors = {f"comment-{comment.pk}" for comment in comments}
    for comment in comments:  # in path order: a parent always comes before its replies
        node = _Node(comment, note=notes.get(comment.pk, ""))
        if comment.legacy_anchor and comment.legacy_anchor not in anchors:
            node.legacy_anchor = comment.legacy_anchor
            anchors.add(comment.legacy_anchor)
        if comment.parent_id is None:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].replies.append(node)
        else:
            continue  # its parent is hidden, so the reply is too
        nodes[comment.pk] = node
    return roots


def _row(
    node: _Node,
    *,
    depth: int,
    closes: int,
    editable_ids: Collection[int],
    number: int | None = None,
) -> CommentRow:
    """``node`` and its replies as rows; the last descendant closes each reply list."""
    comment, last = node.comment, len(node.replies) - 1
    replies = tuple(
        _row(
            reply,
            depth=depth + 1,
            closes=closes + 1 if index == last else 0,
            editable_ids=editable_ids,
        )
        for index, reply in enumerate(node.replies)
    )
    return CommentRow(
        pk=comment.pk,
        author_name=identity_text_clean(comment.author_name),  # rows from before
        author_url=comment.author_url,
        body_html=comment.body_html,
        avatar=avatar_for(email=comment.author_email, name=comment.author_name),
        written_at=timezone.localtime(comment.created_at),
        is_post_author=getattr(comment, "is_post_author", False),
        is_host=getattr(comment, "is_host", False),
        is_placeholder=comment.is_hidden and not node.note,
        is_awaiting_moderation=comment.is_pending,
        is_editable=comment.pk in editable_ids and not comment.is_hidden,
        writer_note=node.note,
        is_removed_for_writer=comment.is_hidden and bool(node.note),
        number=number,
        legacy_anchor=node.legacy_anchor,
        depth=depth,
        closes=0 if replies else closes,
        replies=replies,
    )


def _threads_numbered(
    roots: list[_Node], *, first: int, newest: bool, editable_ids: Collection[int]
) -> tuple[CommentRow, ...]:
    """The page's threads as rows, numbered from ``first`` (counting down if newest)."""
    if newest:
        roots.reverse()
    step = -1 if newest else 1
    return tuple(
        _row(
            node,
            depth=1,
            closes=0,
            editable_ids=editable_ids,
            number=first + step * index,
        )
        for index, node in enumerate(roots)
    )


def discussion_for_post(
    *,
    post: Post,
    page: int = 1,
    viewer_pending_ids: Collection[int] = (),
    viewer_editable_ids: Collection[int] = (),
    viewer_notes: Mapping[int, str] | None = None,
) -> CommentPage:
    """Page ``page`` of ``post``'s discussion: threads, replies nested, numbered.

    Three queries whatever the size: the approved count, the thread count, and every
    comment on the page. ``viewer_pending_ids`` are the held comments this browser
    wrote: only they see them; ``viewer_editable_ids`` the ones it may still edit;
    ``viewer_notes`` why its held and moderator-removed ones are so (shown to it).
    A page past the end shows the last page. Private fields never reach a row: IP
    and browser are not loaded, the email only feeds the avatar's keyed hash.
    """
    site = SiteSettings.current()
    per_page = site.comments_per_page
    newest = site.comment_order == SiteSettings.CommentOrder.NEWEST_FIRST
    notes = viewer_notes or {}
    visible = comment_visibility(viewer_pending_ids=viewer_pending_ids) | Q(
        pk__in=list(notes), status=Comment.Status.REMOVED
    )
    threads = Comment.objects.filter(post=post, parent__isnull=True).filter(visible)
    total = threads.count()
    page_count = max(1, -(-total // per_page))
    page = min(max(1, page), page_count)
    offset = (page - 1) * per_page
    low, high = _page_bounds(
        threads, offset=offset, per_page=per_page, total=total, newest=newest
    )
    rows = (
        comments_badged(
            Comment.objects.filter(post=post, path__gte=low, path__lt=high), post=post
        )
        .filter(visible)
        .only(*PAGE_FIELDS)
        .order_by("path")
    )
    numbered = _threads_numbered(
        _assemble(list(rows), notes),
        first=total - offset if newest else offset + 1,
        newest=newest,
        editable_ids=viewer_editable_ids,
    )
    return CommentPage(
        threads=numbered,
        approved_count=approved_comment_count(post=post),
        page=page,
        page_count=page_count,
    )
