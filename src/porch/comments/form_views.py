"""What the comment form's script asks for when the page it sits on came from a cache.

A cached page's signed start time (``started``, the bot trap of
``porch.moderation.rules.form_timing_reason``) is as old as the cached page: up to the
page cache's time bound. ``reply.js`` asks here for a fresh one when a reader first
focuses the form, so the trap measures the reader's own writing time again. Without
JavaScript the cached one stands: at least 3 seconds old by the time a person has
typed a comment, and far under the 3-day limit.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from porch.moderation.rules import form_token_make


@require_safe
@never_cache
def form_started_view(request: HttpRequest) -> JsonResponse:
    """``/comments/form-started/``: ``{"started": <signed time>}``, never cached."""
    return JsonResponse({"started": form_token_make(timezone.now())})
