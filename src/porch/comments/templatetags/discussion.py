"""``{% discussion_section %}``: the blog's post page shows the discussion through this.

The blog app never imports comments (the import rule runs the other way), so the
post template asks for the discussion and this tag calls the selector.
"""

from __future__ import annotations

import time
from typing import Any

from django import template
from django.http import HttpRequest

from porch.comments.cookies import remembered_identity, writer_ids
from porch.comments.forms import CommentForm
from porch.comments.selectors import (
    comment_for_reply,
    discussion_for_post,
    post_accepts_comments,
)
from porch.comments.services import EDIT_WINDOW
from porch.core.models import SiteSettings
from porch.core.sanitize import render_post_markdown

register = template.Library()


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


@register.inclusion_tag("comments/discussion.html", takes_context=True)
def discussion_section(context: template.Context) -> dict[str, Any]:
    """The discussion of ``post`` in the context: threads, pages and the form."""
    request: HttpRequest = context["request"]
    post = context["post"]
    site = SiteSettings.current()
    written = writer_ids(request)
    given: CommentForm | None = context.get("comment_form")
    if given is not None:
        reply_pk = _positive_int(str(given.data.get("parent", "")))
    else:
        reply_pk = _positive_int(request.GET.get("replytocom"))
    discussion = discussion_for_post(
        post=post,
        page=_positive_int(request.GET.get("cpage")) or 1,
        viewer_pending_ids=set(written),
    )
    fresh = time.time() - EDIT_WINDOW.total_seconds()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "post": post,
        "discussion": discussion,
        "form": _form(request, given, reply_pk),
        "reply_to": comment_for_reply(post=post, pk=reply_pk),
        "accepts_comments": post_accepts_comments(post=post, site=site),
        "policy_html": render_post_markdown(post.comment_policy or site.comment_policy),
        "editable_ids": {
            pk for pk, written_at in written.items() if written_at > fresh
        },
    }
