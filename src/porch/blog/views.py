"""The reader-facing pages: each view parses its input, calls a selector and renders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from porch.blog import selectors
from porch.blog.models import Post, PostQuerySet
from porch.blog.search import posts_matching
from porch.core.models import SiteSettings
from porch.pages.selectors import pages_matching

SEARCH_QUERY_MAX_LENGTH = 200


def _page(request: HttpRequest, posts: PostQuerySet) -> Page[Post]:
    """The page ``?page=`` asks for; not a number or past the end is a 404."""
    paginator = Paginator(posts, SiteSettings.current().posts_per_page)
    try:
        return paginator.page(request.GET.get("page", "1"))
    except InvalidPage as error:
        raise Http404("No such page") from error


def _post_list(
    request: HttpRequest, posts: PostQuerySet, **context: Any
) -> HttpResponse:
    page = _page(request, posts)
    return render(
        request,
        "blog/post_list.html",
        {"page_obj": page, "posts": page.object_list, **context},
    )


@require_safe
def home_view(request: HttpRequest) -> HttpResponse:
    return _post_list(
        request,
        selectors.posts_for_home(),
        archive_months=selectors.archive_months(),
        is_home=True,
    )


# The public post page (``blog:post``) shows the discussion, so it is the comments
# app's ``post_page_view``; the preview shows the post alone.
@require_safe
@never_cache
def post_preview_view(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = selectors.post_for_preview(token=token, user=request.user)
    context = selectors.post_page(post=post, is_preview=True)
    response = render(request, "blog/post_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def author_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    person = selectors.person_for_reader(slug=slug)
    page = _page(request, selectors.posts_for_author(person=person))
    context = {"person": person, "page_obj": page, "posts": page.object_list}
    return render(request, "blog/author_detail.html", context)


@require_safe
def series_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    series = selectors.series_for_reader(slug=slug)
    return _post_list(
        request,
        selectors.posts_for_series(series=series),
        heading=series.name,
        kicker="Series",
        series=series,
    )


@require_safe
def category_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_for_reader(slug=slug)
    return _post_list(
        request,
        selectors.posts_for_category(category=category),
        heading=category.name,
        kicker="Category",
    )


@require_safe
def tag_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    tag = selectors.tag_for_reader(slug=slug)
    return _post_list(
        request,
        selectors.posts_for_tag(tag=tag),
        heading=f"Tagged “{tag.name}”",
        kicker="Tag",
    )


@require_safe
def year_archive_view(request: HttpRequest, year: int) -> HttpResponse:
    posts = selectors.posts_in_year(year=year)
    return _post_list(
        request,
        posts,
        heading=f"Posts from {year}",
        kicker="Archive",
        archive_months=selectors.archive_months(year=year),
    )


@require_safe
def month_archive_view(request: HttpRequest, year: int, month: int) -> HttpResponse:
    posts = selectors.posts_in_month(year=year, month=month)
    return _post_list(
        request,
        posts,
        heading=f"Posts from {MONTHS[month]} {year}",
        kicker="Archive",
        archive_year=year,
    )


@require_safe
def search_view(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_QUERY_MAX_LENGTH]
    context: dict[str, Any] = {"query": query, "kicker": "Search"}
    if not query:
        return render(request, "blog/post_search.html", context)
    page = _page(request, selectors.posts_for_listing(posts_matching(query=query)))
    context |= {"page_obj": page, "posts": page.object_list}
    if page.number == 1:  # the site's pages, above the posts that match
        context["pages"] = pages_matching(query=query)
    return render(request, "blog/post_search.html", context)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt_view(request: HttpRequest) -> HttpResponse:
    # The preview prefix is derived so robots.txt follows the URLconf if it moves.
    preview_prefix = reverse("blog:preview", args=["token"]).removesuffix("token/")
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {preview_prefix}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('blog:sitemap')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
