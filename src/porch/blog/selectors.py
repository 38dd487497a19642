"""Every read the reader-facing blog pages need, each free of N+1 queries.

Readers only ever see visible posts (published, publish time passed). Drafts, posts in
review and scheduled posts are reached by staff through a signed preview link only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.core import signing
from django.db.models import (
    Count,
    Model,
    OuterRef,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from porch.blog.models import Category, Post, PostQuerySet, Series, Tag
from porch.core.page_cache import fragment_for_template, fragment_get_or_make
from porch.people.models import Person

PREVIEW_SALT = "porch.blog.preview"
PREVIEW_MAX_AGE = timedelta(days=14)
FIRST_YEAR, LAST_YEAR = 1000, 9000
# The status of a comment every reader sees; the discussion's heading counts these.
APPROVED_COMMENT = "approved"


@dataclass(frozen=True)
class ArchiveMonth:
    """One month of the archive: its first day and how many posts it holds."""

    month: date
    post_count: int

    @property
    def url(self) -> str:
        return reverse("blog:archive_month", args=[self.month.year, self.month.month])


@dataclass(frozen=True)
class PostNeighbours:
    """The posts just before (older) and after (newer) a post, for reading on."""

    previous: Post | None
    next: Post | None


def posts_for_listing(posts: PostQuerySet) -> PostQuerySet:
    """``posts`` with what a list shows beside each (author, series, terms) joined in.

    Each post carries ``approved_comment_count`` (the number a card shows), counted
    for the whole page in the same query. Keeps the queryset's filters and order, so
    search results stay best-first.
    """
    return _with_byline_and_terms(posts).annotate(
        approved_comment_count=_approved_comment_count()
    )


def _with_byline_and_terms(posts: PostQuerySet) -> PostQuerySet:
    return posts.select_related("author", "series").prefetch_related(
        "categories", "tags"
    )


def _approved_comment_count() -> Coalesce:
    """A subquery counting each post's approved comments and replies.

    A subquery rather than ``Count`` over a join, so search's ranked union needs no
    GROUP BY. Blog never imports the comments app: its model is reached through
    the reverse relation the comments app declares.
    """
    comment = cast("type[Model]", Post._meta.get_field("comments").related_model)
    counted = (
        comment._default_manager.filter(post=OuterRef("pk"), status=APPROVED_COMMENT)
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def posts_for_home() -> PostQuerySet:
    """Visible posts, newest first, ready for a list page."""
    return posts_for_listing(Post.objects.visible())


def _post_page_get(posts: PostQuerySet, **lookup: Any) -> Post:
    """The post ``lookup`` names among ``posts``, with what its page shows, or 404.

    Only a guest post shows its author's books (the bio box under it), so only a
    guest post spends a query on them; Book's Meta.ordering lists them by position.
    """
    # No comment count: the discussion under the post says it (comments app).
    post: Post = get_object_or_404(_with_byline_and_terms(posts), **lookup)
    if post.is_guest_post:
        prefetch_related_objects([post], "author__books")
    return post


def post_for_reader(
    *, slug: str, user: AbstractBaseUser | AnonymousUser | None = None
) -> Post:
    """The visible post with ``slug``, with its author's books, or ``Http404``.

    ``user`` changes nothing on purpose: staff see a draft, a post in review or a
    scheduled post only through its preview link (``post_for_preview``), so the page
    at the public address is the same for everyone.
    """
    return _post_page_get(Post.objects.visible(), slug=slug)


def post_for_reading(*, slug: str) -> Post:
    """``post_for_reader`` for the public page: shared by every reader until a change.

    A copy from the page cache's fragments (see ``porch.core.page_cache.fragments``),
    for showing only: writes take the post from ``post_for_reader``.
    """
    return fragment_get_or_make(
        f"post:{slug}", lambda: _post_page_get(Post.objects.visible(), slug=slug)
    )


def post_neighbours(*, post: Post) -> PostNeighbours:
    """The visible posts published just before and just after ``post``.

    One query: each neighbour is a subquery, and the row that sorts before ``post``
    is the previous one.
    """
    if post.publish_at is None:
        return PostNeighbours(previous=None, next=None)
    visible = Post.objects.visible().only("title", "slug", "publish_at")
    # Posts sharing a publish time (imports often do) are ordered by pk, as lists are.
    same_time = Q(publish_at=post.publish_at)
    older = visible.filter(
        Q(publish_at__lt=post.publish_at) | same_time & Q(pk__lt=post.pk)
    ).order_by("-publish_at", "-pk")
    newer = visible.filter(
        Q(publish_at__gt=post.publish_at) | same_time & Q(pk__gt=post.pk)
    ).order_by("publish_at", "pk")
    found = visible.filter(
        Q(pk=Subquery(older.values("pk")[:1])) | Q(pk=Subquery(newer.values("pk")[:1]))
    )
    when = post.publish_at
    before: dict[bool, Post | None] = {False: None, True: None}
    for one in found:  # a visible post always has its publish time
        is_older = one.publish_at is not None and (one.publish_at, one.pk) < (
            when,
            post.pk,
        )
        before[is_older] = one
    return PostNeighbours(previous=before[True], next=before[False])


def post_page(*, post: Post, **extra: Any) -> dict[str, Any]:
    """The context ``blog/post_detail.html`` needs for ``post``, plus ``extra``.

    The comments app, which renders the public post page with its discussion, passes
    its own values in ``extra``. The neighbours, and the article's HTML (the
    template's ``{% cache %}`` under ``fragment``), change only with what ends the
    page cache's fragments (a post saved, published or going live), so they are ones.
    """
    neighbours = fragment_get_or_make(
        f"neighbours:{post.pk}", lambda: post_neighbours(post=post)
    )
    return {
        "post": post,
        "neighbours": neighbours,
        "fragment": fragment_for_template(f"article:{post.pk}"),
        **extra,
    }


def person_for_reader(*, slug: str) -> Person:
    """The author with ``slug``, with their books, or ``Http404``.

    An author whose every post is still a draft has no public page yet: a guest
    should not be announced before their post is.
    """
    people = Person.objects.filter(posts__in=Post.objects.visible()).distinct()
    return get_object_or_404(people.prefetch_related("books"), slug=slug)


def posts_for_author(*, person: Person) -> PostQuerySet:
    """The author's visible posts, newest first."""
    return posts_for_listing(Post.objects.visible().filter(author=person))


def series_for_reader(*, slug: str) -> Series:
    """The series with ``slug``, or ``Http404``."""
    return get_object_or_404(Series, slug=slug)


def series_list() -> list[Series]:
    """Every series holding at least one visible post, by name (for the site's nav)."""
    return list(
        Series.objects.filter(posts__in=Post.objects.visible())
        .distinct()
        .order_by("name")
    )


def posts_for_series(*, series: Series) -> PostQuerySet:
    """The series' visible posts, newest first."""
    return posts_for_listing(Post.objects.visible().filter(series=series))


def category_for_reader(*, slug: str) -> Category:
    """The category with ``slug``, or ``Http404``."""
    return get_object_or_404(Category, slug=slug)


def posts_for_category(*, category: Category) -> PostQuerySet:
    """Visible posts filed under ``category`` or one of its direct children."""
    in_category = Q(categories=category) | Q(categories__parent=category)
    return posts_for_listing(Post.objects.visible().filter(in_category).distinct())


def tag_for_reader(*, slug: str) -> Tag:
    """The tag with ``slug``, or ``Http404``."""
    return get_object_or_404(Tag, slug=slug)


def posts_for_tag(*, tag: Tag) -> PostQuerySet:
    """Visible posts carrying ``tag``, newest first."""
    return posts_for_listing(Post.objects.visible().filter(tags=tag))


def _check_year(year: int) -> None:
    # Far-off years overflow datetime once shifted to the site's time zone.
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such year")


def posts_in_year(*, year: int) -> PostQuerySet:
    """Visible posts published in ``year`` (in the site's time zone), newest first.

    Raises ``Http404`` for a year outside 1000-9000.
    """
    _check_year(year)
    return posts_for_listing(Post.objects.visible().filter(publish_at__year=year))


def posts_in_month(*, year: int, month: int) -> PostQuerySet:
    """Visible posts published in ``month`` of ``year`` (site's time zone).

    Raises ``Http404`` for a month number outside 1-12 or a year outside 1000-9000.
    """
    _check_year(year)
    if not 1 <= month <= 12:
        raise Http404("No such month")
    posts = Post.objects.visible().filter(
        publish_at__year=year, publish_at__month=month
    )
    return posts_for_listing(posts)


def archive_months(*, year: int | None = None) -> list[ArchiveMonth]:
    """Months holding visible posts, newest first, with their post counts.

    Months are counted in the site's time zone, like the archive pages.
    """
    posts = Post.objects.visible()
    if year is not None:
        _check_year(year)
        posts = posts.filter(publish_at__year=year)
    rows = (
        posts.order_by()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(post_count=Count("pk"))
        .order_by("-month")
    )
    return [
        ArchiveMonth(month=_as_date(row["month"]), post_count=row["post_count"])
        for row in rows
    ]


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def post_preview_token(*, post: Post) -> str:
    """A signed token naming ``post``, valid for 14 days, for ``blog:preview``."""
    return signing.dumps(post.pk, salt=PREVIEW_SALT)


def user_can_preview(user: AbstractBaseUser | AnonymousUser) -> bool:
    return (
        user.is_authenticated
        and isinstance(user, PermissionsMixin)
        and user.has_perm("blog.change_post")
    )


def post_for_preview(*, token: str, user: AbstractBaseUser | AnonymousUser) -> Post:
    """The post a preview token names, whatever its status, or ``Http404``.

    Only users who may change posts preview; for anyone else, and for a token that
    is forged, malformed or older than 14 days, the post does not exist.
    """
    if not user_can_preview(user):
        raise Http404("No such preview")
    try:
        pk = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404("No such preview") from error
    if not isinstance(pk, int):
        raise Http404("No such preview")
    return _post_page_get(Post.objects.all(), pk=pk)
