"""Comment pages: parse the request, call a service or selector, then render.

The post page itself (``blog:post``) is here too: it shows the discussion, and the
blog app never imports comments.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from porch.blog.models import Post
from porch.blog.selectors import post_for_reader, post_for_reading, post_page
from porch.comments.cookies import (
    commenter_proof,
    identity_cookie_set,
    proof_cookie_add,
    remembered_identity,
    writer_cookie_add,
    writer_ids,
)
from porch.comments.discussion import DiscussionReader, discussion_page_get
from porch.comments.discussion_cache import comment_list_rendered
from porch.comments.edits import comment_delete, comment_edit
from porch.comments.forms import CommentEditForm, CommentForm
from porch.comments.models import Comment
from porch.comments.selectors import comment_for_reader, comment_page_number
from porch.comments.services import (
    CommentRateLimitedError,
    CommentRejectedError,
    comment_submit,
)
from porch.core.client_ip import client_ip
from porch.core.input_checks import id_from_text
from porch.core.page_cache.csrf import csrf_protect_or_same_origin


@require_safe
def post_page_view(request: HttpRequest, slug: str) -> HttpResponse:
    """``posts/<slug>/``: the post, then its discussion and the comment form."""
    return _post_page_render(request, post_for_reading(slug=slug))


def _post_page_render(
    request: HttpRequest,
    post: Post,
    *,
    form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The post page; ``form`` is a refused comment, shown with its text and errors."""
    if form is None:
        reply_pk = id_from_text(request.GET.get("replytocom"))
        form = _comment_form_blank(request, reply_pk)
    else:
        reply_pk = id_from_text(form.data.get("parent"))
    discussion = discussion_page_get(
        post=post,
        page=id_from_text(request.GET.get("cpage")) or 1,  # past the end: the last
        reader=DiscussionReader(written=writer_ids(request)),
        reply_to_pk=reply_pk,
    )
    comments = comment_list_rendered(post=post, discussion=discussion)
    context = post_page(post=post, discussion=discussion, comments=comments, form=form)
    return render(request, "comments/post_page.html", context, status=status)


def _comment_form_blank(request: HttpRequest, reply_pk: int | None) -> CommentForm:
    """An empty form, with the identity this browser asked to be remembered."""
    initial: dict[str, Any] = {**remembered_identity(request), "parent": reply_pk}
    initial["remember"] = bool(initial.get("name"))
    return CommentForm(initial=initial, user=request.user)


def comment_url(comment: Comment, viewer_ids: set[int]) -> str:
    """The post page holding ``comment``, at its anchor."""
    page = comment_page_number(comment=comment, viewer_pending_ids=viewer_ids)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.post.get_absolute_url()}{query}#comment-{comment.pk}"


# Posted from cached pages, which carry no CSRF token: see the decorator's module.
@csrf_protect_or_same_origin
@require_POST
def comment_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    post = post_for_reader(slug=slug, user=request.user)
    form = CommentForm(request.POST, user=request.user, proof=commenter_proof(request))
    if not form.is_valid():  # same page, same text, errors beside the fields
        return _post_page_render(request, post, form=form, status=400)
    try:
        comment = comment_submit(
            post=post,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            **form.service_kwargs(),
        )
    except CommentRateLimitedError as error:
        form.add_error(error.field, error.message)
        response = _post_page_render(request, post, form=form, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except CommentRejectedError as error:
        form.add_error(error.field, error.message)
        return _post_page_render(request, post, form=form, status=400)
    viewer = {*writer_ids(request), comment.pk}
    response = HttpResponseRedirect(comment_url(comment, viewer))
    writer_cookie_add(request, response, comment.pk)
    proof_cookie_add(request, response, comment_id=comment.pk)
    if not form.is_signed_in:
        identity_cookie_set(
            request,
            response,
            remember=form.cleaned_data["remember"],
            fields={key: form.cleaned_data[key] for key in ("name", "email", "url")},
        )
    return response


def comment_permalink_view(request: HttpRequest, pk: int) -> HttpResponse:
    """``/comments/<id>/`` lands on the page of the post that shows the comment."""
    viewer = set(writer_ids(request))
    comment = comment_for_reader(pk=pk, viewer_pending_ids=viewer)
    return HttpResponseRedirect(comment_url(comment, viewer))


@require_safe
def comment_old_anchor_view(request: HttpRequest, slug: str) -> HttpResponse:
    """``/comments/posts/<slug>/old-anchor/?anchor=comment-101``: the page holding it.

    ``legacy_anchor.js`` calls it when an old ``#comment-101`` link (the old site's
    id) or a Porch ``#comment-<id>`` is not on the page shown, as when the
    discussion is paged. A comment it cannot show leads to the discussion's start.
    """
    post = post_for_reading(slug=slug)
    anchor = request.GET.get("anchor", "")[:100]
    viewer = set(writer_ids(request))
    pk = (
        Comment.objects.filter(post=post, legacy_anchor=anchor)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None and anchor.startswith("comment-"):
        pk = id_from_text(anchor.removeprefix("comment-"))
    if pk is not None:
        try:
            comment = comment_for_reader(pk=pk, viewer_pending_ids=viewer)
        except Http404:
            comment = None
        if comment is not None and comment.post_id == post.pk:
            return HttpResponseRedirect(comment_url(comment, viewer))
    return HttpResponseRedirect(f"{post.get_absolute_url()}#comments")


@require_http_methods(["GET", "POST"])
def comment_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = writer_ids(request)
    comment = comment_for_reader(pk=pk, viewer_pending_ids=set(viewer))
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    refused: CommentRejectedError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            comment_edit(
                comment=comment,
                body=form.cleaned_data["body"],
                writer_ids=viewer,
                ip=client_ip(request),
            )
        except CommentRejectedError as error:
            form.add_error("body", error.message)
            refused = error
        else:
            return HttpResponseRedirect(comment_url(comment, set(viewer)))
    status = 400 if form.is_bound else 200
    if isinstance(refused, CommentRateLimitedError):
        status = 429
    elif pk not in viewer:
        status = 403
    context = {"comment": comment, "form": form, "post": comment.post}
    response = render(request, "comments/comment_edit.html", context, status=status)
    if isinstance(refused, CommentRateLimitedError):
        response["Retry-After"] = str(refused.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def comment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = writer_ids(request)
    comment = comment_for_reader(pk=pk, viewer_pending_ids=set(viewer))
    error = ""
    if request.method == "POST":
        try:
            comment_delete(comment=comment, writer_ids=viewer)
        except CommentRejectedError as refused:
            error = refused.message
        else:
            return HttpResponseRedirect(f"{comment.post.get_absolute_url()}#comments")
    status = 400 if error else (403 if pk not in viewer else 200)
    context = {"comment": comment, "error": error, "post": comment.post}
    return render(request, "comments/comment_delete.html", context, status=status)
