"""Comment pages: parse the request, call a service or selector, then render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from porch.blog.models import Post
from porch.blog.selectors import post_for_reader, post_page
from porch.comments.cookies import (
    identity_cookie_set,
    writer_cookie_add,
    writer_ids,
)
from porch.comments.forms import CommentEditForm, CommentForm
from porch.comments.models import Comment
from porch.comments.selectors import comment_for_reader, comment_page_number
from porch.comments.services import (
    CommentRateLimitedError,
    CommentRejectedError,
    comment_delete,
    comment_edit,
    comment_submit,
)
from porch.core.client_ip import client_ip


def comment_url(comment: Comment, viewer_ids: set[int]) -> str:
    """The post page holding ``comment``, at its anchor."""
    page = comment_page_number(comment=comment, viewer_pending_ids=viewer_ids)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.post.get_absolute_url()}{query}#comment-{comment.pk}"


@require_POST
def comment_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    post = post_for_reader(slug=slug, user=request.user)
    form = CommentForm(request.POST, user=request.user)
    if not form.is_valid():  # same page, same text, errors beside the fields
        return _post_page_with_errors(request, post, form, status=400)
    try:
        comment = comment_submit(
            post=post,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            **form.service_kwargs(),
        )
    except CommentRejectedError as error:
        form.add_error(error.field, error.message)
        status = 429 if isinstance(error, CommentRateLimitedError) else 400
        return _post_page_with_errors(request, post, form, status=status)
    viewer = {*writer_ids(request), comment.pk}
    response = HttpResponseRedirect(comment_url(comment, viewer))
    writer_cookie_add(request, response, comment.pk)
    if not form.is_signed_in:
        identity_cookie_set(
            request,
            response,
            remember=form.cleaned_data["remember"],
            fields={key: form.cleaned_data[key] for key in ("name", "email", "url")},
        )
    return response


def _post_page_with_errors(
    request: HttpRequest, post: Post, form: CommentForm, *, status: int
) -> HttpResponse:
    context = post_page(post=post, comment_form=form)
    return render(request, "blog/post_detail.html", context, status=status)


def comment_permalink_view(request: HttpRequest, pk: int) -> HttpResponse:
    """``/comments/<id>/`` lands on the page of the post that shows the comment."""
    viewer = set(writer_ids(request))
    comment = comment_for_reader(pk=pk, viewer_pending_ids=viewer)
    return HttpResponseRedirect(comment_url(comment, viewer))


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
    return render(request, "comments/comment_edit.html", context, status=status)


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
