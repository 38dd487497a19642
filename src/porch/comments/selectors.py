"""Every read of comments a page, feed or the API needs, free of N+1 queries.

A page of the discussion is one range of thread paths: from its first thread's path
up to (not including) the next page's first thread. One query fetches every comment
in it, whatever the number of replies, and the tree is assembled in one pass.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import cached_property
from django.utils.translation import gettext

from porch.blog.models import Post
from porch.comments.avatars import Avatar, avatar_for
from porch.comments.models import Comment
from porch.core.models import SiteSettings

# Sorts after every path (paths are digits and slashes) in any collation.
AFTER_EVERY_PATH = "z"
PRIVATE_FIELDS = ("author_email", "ip", "user_agent")
# What a discussion page shows, and nothing else: the Markdown source and the
# moderation JSON would cost decoding on every row. The email only feeds the avatar's
# keyed hash; the template never gets it.
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
    "legacy_anchor",
    "created_at",
)


@dataclass
class CommentNode:
    """A comment as a page shows it: its place in the thread and its replies."""

    comment: Comment
    avatar: Avatar
    replies: list[CommentNode] = field(default_factory=list)
    number: int | None = None  # top-level comments only, 1, 2, 3... across pages
    legacy_anchor: str = ""  # the old site's id for it, when no other id is that
    depth: int = 1  # 1 for a top-level comment, as the page nests it
    # Reply lists that end right after this comment (it is their last descendant).
    closes: int = 0

    @property
    def key(self) -> str:
        # Text, not an int: the template would localise an int on each of its uses.
        return str(self.comment.pk)

    @property
    def closing(self) -> range:
        return range(self.closes)

    @cached_property
    def written_at(self) -> datetime:
        return timezone.localtime(self.comment.created_at)

    @property
    def written_at_text(self) -> str:
        """What the ``date:"F j, Y"`` and ``time:"g:i a"`` filters print, with "at".

        Built directly: the filters parse their format strings for every comment,
        which took a third of the list's rendering time.
        """
        local = self.written_at
        meridiem = gettext("p.m.") if local.hour > 11 else gettext("a.m.")
        return (
            f"{MONTHS[local.month]} {local.day}, {local.year} "
            f"at {local.hour % 12 or 12}:{local.minute:02d} {meridiem}"
        )

    @property
    def is_placeholder(self) -> bool:
        return self.comment.is_hidden

    @property
    def is_awaiting_moderation(self) -> bool:
        return self.comment.is_pending


@dataclass(frozen=True)
class Discussion:
    """One page of a post's discussion, ready for the template."""

    post: Post
    threads: list[CommentNode]
    approved_count: int
    page: int
    page_count: int
    max_depth: int

    @property
    def page_numbers(self) -> range:
        return range(1, self.page_count + 1)

    @property
    def has_pages(self) -> bool:
        return self.page_count > 1

    @property
    def comments(self) -> list[CommentNode]:
        """Every comment on the page in reading order, for one flat template loop."""
        flat: list[CommentNode] = []
        _flatten(self.threads, 1, flat)
        return flat


def _flatten(nodes: list[CommentNode], depth: int, flat: list[CommentNode]) -> None:
    for node in nodes:
        node.depth = depth
        node.closes = 0
        flat.append(node)
        if node.replies:
            _flatten(node.replies, depth + 1, flat)
            flat[-1].closes += 1  # the last descendant closes this reply list


def post_accepts_comments(
    *, post: Post, site: SiteSettings, now: datetime | None = None
) -> bool:
    """Whether ``post`` takes comments: open by hand and not past the auto-close."""
    if not post.comments_open:
        return False
    days = site.comments_close_after_days
    if days and post.publish_at is not None:
        return (now or timezone.now()) < post.publish_at + timedelta(days=days)
    return True


def _visible(viewer_pending_ids: Collection[int]) -> Q:
    # A removed comment stays, as a placeholder, while an approved reply hangs under it.
    approved_below = Comment.objects.filter(
        post=OuterRef("post"),
        path__startswith=Concat(OuterRef("path"), Value("/")),
        status=Comment.Status.APPROVED,
    )
    hidden = [Comment.Status.REMOVED, Comment.Status.SPAM]
    placeholder = Q(status__in=hidden) & Q(Exists(approved_below))
    return (
        Q(status=Comment.Status.APPROVED)
        | Q(status=Comment.Status.PENDING, pk__in=list(viewer_pending_ids))
        | placeholder
    )


def _threads(post: Post, viewer_pending_ids: Collection[int]) -> QuerySet[Comment]:
    return Comment.objects.filter(post=post, parent__isnull=True).filter(
        _visible(viewer_pending_ids)
    )


def approved_comment_count(*, post: Post) -> int:
    """Approved comments and replies on ``post``: the number in the heading."""
    return Comment.objects.filter(post=post, status=Comment.Status.APPROVED).count()


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


def _assemble(comments: list[Comment]) -> list[CommentNode]:
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    # An imported comment's old anchor (comment-123) may be a newer comment's own id
    # on this page: that comment keeps it, since ids must be unique on a page.
    anchors = {f"comment-{comment.pk}" for comment in comments}
    for comment in comments:  # in path order: a parent always comes before its replies
        avatar = avatar_for(email=comment.author_email, name=comment.author_name)
        node = CommentNode(comment, avatar)
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


def _badged(comments: QuerySet[Comment], post: Post) -> QuerySet[Comment]:
    by_author = Q(user_id=post.author.user_id) if post.author.user_id else Q(pk=None)
    if post.author.email:
        by_author |= Q(author_email__iexact=post.author.email)
    return comments.annotate(
        is_post_author=ExpressionWrapper(by_author, output_field=BooleanField()),
        is_host=ExpressionWrapper(
            Q(user__is_superuser=True), output_field=BooleanField()
        ),
    )


def discussion_for_post(
    *, post: Post, page: int = 1, viewer_pending_ids: Collection[int] = ()
) -> Discussion:
    """Page ``page`` of ``post``'s discussion: threads, replies nested, numbered.

    Three queries whatever the size: the approved count, the thread count, and every
    comment on the page. ``viewer_pending_ids`` are the held comments this browser
    wrote: only they see them. A page past the end shows the last page. Private
    fields never reach the template: IP and browser are not loaded, the email only
    feeds the avatar's keyed hash.
    """
    site = SiteSettings.current()
    per_page = site.comments_per_page
    newest = site.comment_order == SiteSettings.CommentOrder.NEWEST_FIRST
    threads = _threads(post, viewer_pending_ids)
    total = threads.count()
    page_count = max(1, -(-total // per_page))
    page = min(max(1, page), page_count)
    offset = (page - 1) * per_page
    low, high = _page_bounds(
        threads, offset=offset, per_page=per_page, total=total, newest=newest
    )
    rows = (
        _badged(Comment.objects.filter(post=post, path__gte=low, path__lt=high), post)
        .filter(_visible(viewer_pending_ids))
        .only(*PAGE_FIELDS)
        .order_by("path")
    )
    roots = _assemble(list(rows))
    if newest:
        roots.reverse()
    for index, node in enumerate(roots):
        node.number = total - offset - index if newest else offset + index + 1
    return Discussion(
        post=post,
        threads=roots,
        approved_count=approved_comment_count(post=post),
        page=page,
        page_count=page_count,
        max_depth=site.comment_max_depth,
    )


def discussion_fingerprint(*, post: Post) -> str:
    """What changes whenever ``post``'s discussion does: comment count, latest change.

    A new comment raises the count, a delete lowers it, and every service that
    changes a comment stamps ``updated_at``, whichever process wrote: a rendering
    cached under this is never stale. One indexed query. An ``update()`` or
    ``bulk_update()`` that leaves ``updated_at`` alone goes unseen (until the
    cached entry expires): such writers should set it.
    """
    found = Comment.objects.filter(post=post).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    latest = found["latest"].timestamp() if found["latest"] else 0
    return f"{found['count']}-{latest}"


def comment_statuses_for_writer(
    *, post: Post, written_ids: Collection[int]
) -> dict[int, str]:
    """The status of each comment on ``post`` among ``written_ids`` (a browser's own).

    One query, none when ``written_ids`` is empty: most readers never wrote here.
    """
    if not written_ids:
        return {}
    return dict(
        Comment.objects.filter(post=post, pk__in=list(written_ids)).values_list(
            "pk", "status"
        )
    )


def comment_for_reader(*, pk: int, viewer_pending_ids: Collection[int] = ()) -> Comment:
    """The comment ``pk`` if this viewer may see it, or ``Http404``."""
    found = (
        Comment.objects.filter(pk=pk, post__in=Post.objects.visible())
        .filter(_visible(viewer_pending_ids))
        .select_related("post")
        .first()
    )
    if found is None:
        raise Http404("No such comment")
    return found


def comment_page_number(
    *, comment: Comment, viewer_pending_ids: Collection[int] = ()
) -> int:
    """The discussion page ``comment`` appears on (its thread's page)."""
    site = SiteSettings.current()
    root = comment.thread_root_path
    threads = _threads(comment.post, viewer_pending_ids)
    if site.comment_order == SiteSettings.CommentOrder.NEWEST_FIRST:
        before = threads.filter(path__gt=root).count()
    else:
        before = threads.filter(path__lt=root).count()
    return before // site.comments_per_page + 1


def comment_for_reply(*, post: Post, pk: int | None) -> Comment | None:
    """The approved comment on ``post`` a reader is replying to, or None."""
    if pk is None:
        return None
    return (
        Comment.objects.filter(pk=pk, post=post, status=Comment.Status.APPROVED)
        .defer(*PRIVATE_FIELDS)
        .first()
    )


def comments_for_feed(*, post: Post | None = None, limit: int = 30) -> list[Comment]:
    """The newest approved comments (on ``post``, or site-wide on visible posts)."""
    comments = Comment.objects.filter(
        status=Comment.Status.APPROVED, post__in=Post.objects.visible()
    )
    if post is not None:
        comments = comments.filter(post=post)
    return list(
        comments.select_related("post")
        .defer(*PRIVATE_FIELDS)
        .order_by("-created_at", "-pk")[:limit]
    )
