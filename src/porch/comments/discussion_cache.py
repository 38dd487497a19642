"""The post page's comment list, rendered once and shared through a cache.

The list is the same for every reader who has no comment of their own on the post
that only they see (held for review) or may still edit, so for them it comes from
the ``discussion`` cache, under the key ``discussion_page_get`` builds: the
discussion's fingerprint (read again after every change a shared list can show,
in whichever process: it is a fragment of the page cache's generation), the post's
last change, the page and the settings that shape it.
Everything that depends on the reader (the form, its CSRF token, the identity) is
rendered on every request, in the page's own template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from porch.blog.models import Post
from porch.comments.discussion import DiscussionPage, discussion_for_post

# Bounds what no fingerprint sees: a login's new role (the Host badge), the author's
# profile (the Author badge), bulk updates that leave ``updated_at`` alone.
CACHE_SECONDS = 300
# Part of every key, so a release whose templates render differently (or whose
# cached class moved) never serves what the previous one cached in a shared cache.
CACHE_LAYOUT = 3


@dataclass(frozen=True)
class RenderedComments:
    """The heading's count and the page's comment list as HTML, ready to cache."""

    approved_count: int
    html: SafeString


def comment_list_rendered(
    *, post: Post, discussion: DiscussionPage
) -> RenderedComments:
    """The comment list ``discussion`` shows; from the cache when it is shared."""
    if discussion.list_key is None:  # a list only this reader sees: never cached
        rendered, _ = _render(post=post, discussion=discussion)
        return rendered
    key = f"discussion:{CACHE_LAYOUT}:{discussion.list_key}"
    cached: RenderedComments | None = caches["discussion"].get(key)
    if cached is not None:
        return cached
    rendered, is_real_page = _render(post=post, discussion=discussion)
    if is_real_page:  # so made-up page numbers cannot fill the cache
        caches["discussion"].set(key, rendered, CACHE_SECONDS)
    return rendered


def _render(*, post: Post, discussion: DiscussionPage) -> tuple[RenderedComments, bool]:
    """The comment list, and whether the page asked for was a real page."""
    comments = discussion_for_post(
        post=post,
        page=discussion.page,
        viewer_pending_ids=discussion.held_ids,
        viewer_editable_ids=discussion.editable_ids,
        viewer_notes=discussion.notes,
    )
    context = {"discussion": comments, "accepts_comments": discussion.accepts_comments}
    if discussion.notes:  # a list for its writer alone (never cached): the policy
        context["policy_html"] = discussion.policy_html  # beside a removal's why
    html = render_to_string("comments/discussion_comments.html", context)
    rendered = RenderedComments(comments.approved_count, SafeString(html))
    return rendered, comments.page == discussion.page
