"""``{% discussion_section %}``: the blog's post page shows the discussion through this.

The blog app never imports comments (the import rule runs the other way), so the
post template asks for the discussion and this tag calls the selector.

The list of comments is the same for every reader who has no comment of their own
on the post that only they see (held for review) or may still edit, so for them it
comes from the ``discussion`` cache, keyed on the discussion's fingerprint (any
saved or deleted comment changes it, in whichever process) and the post's last
change. Everything that depends on the reader (the form, its CSRF token, the
identity) is rendered on every request.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django import template
from django.core.cache import caches
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from porch.blog.models import Post
from porch.comments.cookies import remembered_identity, writer_ids
from porch.comments.forms import CommentForm
from porch.comments.models import Comment
from porch.comments.selectors import (
    comment_for_reply,
    comment_statuses_for_writer,
    discussion_fingerprint,
    discussion_for_post,
    post_accepts_comments,
)
from porch.comments.services import EDIT_WINDOW
from porch.core.models import SiteSettings
from porch.core.sanitize import render_post_markdown

register = template.Library()

# Bounds what no fingerprint sees: a login's new role (the Host badge), the author's
# profile (the Author badge), bulk updates that leave ``updated_at`` alone.
CACHE_SECONDS = 300
# Part of every key, so a release whose templates render differently never serves
# what the previous one cached in a shared cache.
CACHE_LAYOUT = 1


@dataclass(frozen=True)
class RenderedComments:
    """The heading's count and the page's comment list as HTML, ready to cache."""

    approved_count: int
    html: SafeString


def _positive_int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def _form(
    request: HttpRequest, given: CommentForm | None, reply_pk: int | None
) -> CommentForm:
    if given is not None:
        return given
    initial: dict[str, Any] = {**remembered_identity(request), "parent": reply_pk}
    initial["remember"] = bool(initial.get("name"))
    return CommentForm(initial=initial, user=request.user)


def _render(
    *,
    post: Post,
    page: int,
    accepts: bool,
    pending_ids: Collection[int] = (),
    editable_ids: Collection[int] = (),
) -> tuple[RenderedComments, bool]:
    """The comment list, and whether ``page`` was a real page (past the end is not)."""
    discussion = discussion_for_post(
        post=post, page=page, viewer_pending_ids=pending_ids
    )
    html = render_to_string(
        "comments/discussion_comments.html",
        {
            "discussion": discussion,
            "accepts_comments": accepts,
            "editable_ids": editable_ids,
        },
    )
    rendered = RenderedComments(discussion.approved_count, SafeString(html))
    return rendered, discussion.page == page


def _cache_key(*, post: Post, page: int, site: SiteSettings, accepts: bool) -> str:
    parts = (
        CACHE_LAYOUT,
        post.pk,
        post.updated_at.timestamp(),  # the author, closing by hand
        discussion_fingerprint(post=post),
        page,
        site.comments_per_page,
        site.comment_order,
        accepts,  # also turns when the post closes by age
    )
    return "discussion:" + ":".join(str(part) for part in parts)


def _comments(
    *, post: Post, page: int, site: SiteSettings, accepts: bool, written: dict[int, int]
) -> RenderedComments:
    own = comment_statuses_for_writer(post=post, written_ids=written.keys())
    fresh = time.time() - EDIT_WINDOW.total_seconds()
    editable = {pk for pk in own if written[pk] > fresh}
    pending = {pk for pk, status in own.items() if status == Comment.Status.PENDING}
    if editable or pending:  # a page only this reader sees: never cached
        rendered, _ = _render(
            post=post,
            page=page,
            accepts=accepts,
            pending_ids=pending,
            editable_ids=editable,
        )
        return rendered
    key = _cache_key(post=post, page=page, site=site, accepts=accepts)
    cached: RenderedComments | None = caches["discussion"].get(key)
    if cached is not None:
        return cached
    rendered, is_real_page = _render(post=post, page=page, accepts=accepts)
    if is_real_page:  # so made-up page numbers cannot fill the cache
        caches["discussion"].set(key, rendered, CACHE_SECONDS)
    return rendered


@register.inclusion_tag("comments/discussion.html", takes_context=True)
def discussion_section(context: template.Context) -> dict[str, Any]:
    """The discussion of ``post`` in the context: threads, pages and the form."""
    request: HttpRequest = context["request"]
    post = context["post"]
    site = SiteSettings.current()
    given: CommentForm | None = context.get("comment_form")
    if given is not None:
        reply_pk = _positive_int(str(given.data.get("parent", "")))
    else:
        reply_pk = _positive_int(request.GET.get("replytocom"))
    accepts = post_accepts_comments(post=post, site=site)
    comments = _comments(
        post=post,
        page=_positive_int(request.GET.get("cpage")) or 1,
        site=site,
        accepts=accepts,
        written=writer_ids(request),
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "post": post,
        "comments": comments,
        "form": _form(request, given, reply_pk),
        "reply_to": comment_for_reply(post=post, pk=reply_pk),
        "accepts_comments": accepts,
        "policy_html": render_post_markdown(post.comment_policy or site.comment_policy),
    }
