"""What the comment form's script asks for: a fresh start time, and a preview.

A cached page's signed start time (``started``, the bot trap of
``porch.moderation.rules.form_timing_reason``) is as old as the cached page: up to the
page cache's time bound. ``reply.js`` asks here for a fresh one when a reader first
focuses the form, so the trap measures the reader's own writing time again. Without
JavaScript the cached one stands: at least 3 seconds old by the time a person has
typed a comment, and far under the 3-day limit.

The preview (``preview.js``) posts the typed text from the same page, cached or not,
so it is checked like the form itself: Django's CSRF token when the reader has one,
else the request's origin (``porch.core.page_cache.csrf``).
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from porch.comments.models import BODY_MAX_LENGTH
from porch.comments.preview import comment_preview
from porch.comments.services import CommentRateLimitedError
from porch.core.client_ip import client_ip
from porch.core.input_checks import TypedTextField
from porch.core.page_cache.csrf import csrf_protect_or_same_origin
from porch.moderation.rules import form_token_make


class CommentPreviewForm(forms.Form):
    """The comment box alone, cleaned as the comment form cleans it."""

    body = TypedTextField(
        max_length=BODY_MAX_LENGTH,
        error_messages={"required": "Type something to preview."},
    )


@require_safe
@never_cache
def form_started_view(request: HttpRequest) -> JsonResponse:
    """``/comments/form-started/``: ``{"started": <signed time>}``, never cached."""
    return JsonResponse({"started": form_token_make(timezone.now())})


@csrf_protect_or_same_origin
@require_POST
@never_cache
def comment_preview_view(request: HttpRequest) -> JsonResponse:
    """``/comments/preview/``: ``{"html": ...}`` for the posted ``body``.

    A refusal is ``{"error": {"code", "message"}}``: 400 for an empty or too long
    text, 429 (with ``Retry-After``) past the rate limit.
    """
    form = CommentPreviewForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(error) for error in form.errors["body"])
        return _refusal("invalid", message, status=400)
    try:
        html = comment_preview(body=form.cleaned_data["body"], ip=client_ip(request))
    except CommentRateLimitedError as error:
        response = _refusal("rate_limited", error.message, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    return JsonResponse({"html": html})


def _refusal(code: str, message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)
