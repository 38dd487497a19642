"""What comment-service imports share: finding a post for a thread, writing it.

Comment services name a discussion by the page it sat on (Disqus by its link and an
identifier, Isso by its URI), so each thread is matched to a Porch post first. The
comments themselves go through the one comment writer, so threading, statuses,
idempotency and the report behave the same whichever source they come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.text import slugify

from porch.blog.models import Post
from porch.importers.models import LegacyRedirect
from porch.importers.records import CommentRecord, ThreadRecord
from porch.importers.redirects import legacy_candidates
from porch.importers.report import ImportReport
from porch.importers.writer.comments import comments_write
from porch.importers.writer.context import WriteContext

Progress = Callable[[int, ImportReport], None]


def comments_context(*, source: str, report: ImportReport) -> WriteContext:
    """A context for the comment writer, linking staff addresses to their logins."""
    ctx = WriteContext(report=report, source=source[:255])
    staff = get_user_model().objects.filter(is_staff=True).exclude(email="")
    ctx.users_by_email = {user.email.lower(): user.pk for user in staff}
    return ctx


def thread_comments_write(
    *, post: Post, comments: Iterable[CommentRecord], ctx: WriteContext
) -> None:
    """Write one thread's comments onto ``post`` in one transaction.

    ``comments`` is read more than once (see ``comments_write``).
    """
    with transaction.atomic():
        comments_write(comments=comments, post=post, ctx=ctx)


def thread_write(
    *,
    thread: ThreadRecord,
    count: int,
    comments: Callable[[], Iterable[CommentRecord]],
    where: str,
    finder: PostFinder,
    ctx: WriteContext,
) -> None:
    """Write a thread's comments onto the post its page matches, or report it unmatched.

    ``comments`` is read only when a post matches; ``where`` names the thread in the
    report (its address, or the source's words for a thread without one).
    """
    post = finder.find(link=thread.link, identifier=thread.identifier)
    if post is None:
        unmatched_report(ctx.report, thread=where, title=thread.title, count=count)
    else:
        thread_comments_write(post=post, comments=Reread(comments), ctx=ctx)


class Reread(Iterable[CommentRecord]):
    """Comments read afresh from their source each time: a long thread is never
    held whole in memory."""

    def __init__(self, read: Callable[[], Iterable[CommentRecord]]) -> None:
        self.read = read

    def __iter__(self) -> Iterator[CommentRecord]:
        return iter(self.read())


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
