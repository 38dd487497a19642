"""What Disqus and Isso imports share: finding a post for a thread, writing comments.

Comment services name a discussion by the page it sat on (Disqus by its link and an
identifier, Isso by its URI), so each thread is matched to a Porch post first. The
comments themselves go through the WordPress importer's comment writer, so threading,
statuses, idempotency and the report behave the same whichever service they come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.text import slugify

from porch.blog.models import Post
from porch.core.errors import PorchError
from porch.importers.models import LegacyRedirect
from porch.importers.redirects import legacy_candidates
from porch.importers.report import ImportReport
from porch.importers.wordpress import WordPressContext
from porch.importers.wordpress_comments import comments_import
from porch.importers.wxr_parse import WxrComment, WxrItem

Progress = Callable[[int, ImportReport], None]
# Shown nowhere (removed comments are placeholders) but a comment needs some text.
DELETED_TEXT = "(This comment was deleted before the import.)"


class ImportFileError(PorchError):
    """The file cannot be imported (unsafe, or not the expected kind); says why."""


@dataclass(frozen=True)
class SourceComment:
    """One comment as a service exported it; ``created`` is naive UTC."""

    id: str
    parent: str  # "" for a top-level comment
    author: str
    email: str
    url: str
    ip: str
    created: datetime | None
    html: str
    status: str  # WordPress's words: "1", "0", "spam", "trash"

    def as_wxr(self) -> WxrComment:
        return WxrComment(
            id=self.id, author=self.author, author_email=self.email,
            author_url=self.url, author_ip=self.ip, date=self.created,
            date_gmt=self.created, content=self.html or DELETED_TEXT,
            approved=self.status, type="comment", parent=self.parent or "0",
            user_id="0",
        )  # fmt: skip


def naive_utc(moment: datetime) -> datetime:
    """``moment`` in UTC without its zone, as the comment writer expects GMT times."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def comments_context(*, source: str, report: ImportReport) -> WordPressContext:
    """A context for the comment writer, linking staff addresses to their logins."""
    ctx = WordPressContext(report=report, tz=UTC, source=source[:255])
    staff = get_user_model().objects.filter(is_staff=True).exclude(email="")
    ctx.users_by_email = {user.email.lower(): user.pk for user in staff}
    return ctx


def thread_comments_write(
    *, post: Post, comments: Sequence[SourceComment], ctx: WordPressContext
) -> None:
    """Write one thread's comments onto ``post`` in one transaction."""
    comments_wxr = tuple(comment.as_wxr() for comment in comments)
    carrier = WxrItem(id="", type="post", title=post.title, comments=comments_wxr)
    with transaction.atomic():
        comments_import(item=carrier, post=post, ctx=ctx)


@contextmanager
def maybe_rolled_back(dry_run: bool) -> Iterator[None]:
    """Run the body for real; on a dry run, undo all of it at the end."""
    if not dry_run:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class PostFinder:
    """Finds the post a thread's page was, by its address or identifier (cached)."""

    def __init__(self) -> None:
        self.post_type = ContentType.objects.get_for_model(Post)
        self.cache: dict[tuple[str, str], Post | None] = {}

    def find(self, *, link: str, identifier: str = "") -> Post | None:
        key = (link, identifier)
        if key not in self.cache:
            self.cache[key] = self._by_link(link) or self._by_identifier(identifier)
        return self.cache[key]

    def _by_link(self, link: str) -> Post | None:
        parts = urlsplit(link.strip())
        path = unquote(parts.path) or "/"
        if not parts.path and not parts.query:
            return None
        return (
            self._by_porch_url(path)
            or self._by_redirect(legacy_candidates(path, QueryDict(parts.query)))
            or self._by_slug(path.rstrip("/").rsplit("/", 1)[-1])
        )

    def _by_identifier(self, identifier: str) -> Post | None:
        # The WordPress plugin writes "<post id> <short link>"; others a slug or path.
        for token in identifier.split():
            if token.startswith(("http://", "https://", "/")):
                found = self._by_link(token)
            elif token.isdigit():
                found = self._by_redirect([], endswith=f"/?p={token}")
            else:
                found = self._by_slug(token)
            if found is not None:
                return found
        return None

    def _by_porch_url(self, path: str) -> Post | None:
        try:
            match = resolve(path if path.endswith("/") else f"{path}/")
        except Resolver404:
            return None
        if match.view_name != "blog:post":
            return None
        return Post.objects.filter(slug=match.kwargs.get("slug", "")).first()

    def _by_redirect(self, paths: list[str], endswith: str = "") -> Post | None:
        redirects = LegacyRedirect.objects.filter(content_type=self.post_type)
        if endswith:
            redirects = redirects.filter(old_path__endswith=endswith)
        else:
            redirects = redirects.filter(old_path__in=paths)
        for object_id in redirects.order_by("pk").values_list("object_id", flat=True):
            post = Post.objects.filter(pk=object_id or 0).first()
            if post is not None:
                return post
        return None

    def _by_slug(self, text: str) -> Post | None:
        slug = slugify(text)
        return Post.objects.filter(slug=slug).first() if slug else None


def unmatched_report(
    report: ImportReport, *, thread: str, title: str, count: int
) -> None:
    """Name a thread no post matched; its comments wait for the next run."""
    report.count("comment", "skipped", count)
    label = f"“{title[:60]}” " if title else ""
    were = "s were" if count != 1 else " was"
    report.problem(
        f"thread {label}at {thread or '(no address)'}: no Porch post matches it; "
        f"its {count} comment{were} not imported. Add the post (or an old-address "
        "redirect to it) and import the file again"
    )
