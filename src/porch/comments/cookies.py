"""The two cookies the discussion keeps in a commenter's own browser.

``porch_comments`` is signed and lists the comments this browser wrote, with when:
it lets the writer see their held comments and edit or delete for 15 minutes.
``porch_commenter`` remembers name, email and website, only when the writer asks.
"""

from __future__ import annotations

import time
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse

WRITER_COOKIE = "porch_comments"
WRITER_SALT = "porch.comments.writer"
IDENTITY_COOKIE = "porch_commenter"
IDENTITY_SALT = "porch.comments.identity"
MAX_AGE = 60 * 60 * 24 * 30
MAX_REMEMBERED = 50


def writer_ids(request: HttpRequest) -> dict[int, int]:
    """The ids of comments this browser wrote, each with its Unix write time."""
    raw = request.COOKIES.get(WRITER_COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=WRITER_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        int(key): int(value)
        for key, value in data.items()
        if str(key).isdigit() and isinstance(value, int)
    }


def writer_cookie_add(request: HttpRequest, response: HttpResponse, pk: int) -> None:
    """Add comment ``pk`` to the browser's signed list (the newest 50 are kept)."""
    ids = writer_ids(request)
    ids[pk] = int(time.time())
    newest = dict(sorted(ids.items(), key=lambda item: item[1])[-MAX_REMEMBERED:])
    response.set_cookie(
        WRITER_COOKIE,
        signing.dumps(
            {str(key): value for key, value in newest.items()}, salt=WRITER_SALT
        ),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def remembered_identity(request: HttpRequest) -> dict[str, Any]:
    """Name, email and website saved by the "Save my name..." box, or nothing."""
    raw = request.COOKIES.get(IDENTITY_COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=IDENTITY_SALT, max_age=MAX_AGE * 12)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: str(data.get(key, "")) for key in ("name", "email", "url")}


def identity_cookie_set(
    request: HttpRequest,
    response: HttpResponse,
    *,
    remember: bool,
    fields: dict[str, str],
) -> None:
    """Save the identity when asked; forget a saved one when the box is left empty."""
    if not remember:
        if IDENTITY_COOKIE in request.COOKIES:
            response.delete_cookie(IDENTITY_COOKIE, samesite="Lax")
        return
    response.set_cookie(
        IDENTITY_COOKIE,
        signing.dumps(fields, salt=IDENTITY_SALT),
        max_age=MAX_AGE * 12,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
