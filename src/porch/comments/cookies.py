"""The three cookies the discussion keeps in a commenter's own browser.

``porch_comments`` is signed and lists the comments this browser wrote, with when:
it lets the writer see their held comments and edit or delete for 15 minutes.
``porch_commenter`` remembers name, email and website, only when the writer asks.
``porch_proof`` is signed and kept for a year: the comments this browser wrote and
the addresses it confirmed through an emailed link, which is how a returning reader
shows they are the same person (``porch.comments.identity``).
"""

from __future__ import annotations

import time
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse

from porch.comments.identity import IdentityProof, email_normal
from porch.core.https import cookie_secure

WRITER_COOKIE = "porch_comments"
WRITER_SALT = "porch.comments.writer"
IDENTITY_COOKIE = "porch_commenter"
IDENTITY_SALT = "porch.comments.identity"
PROOF_COOKIE = "porch_proof"
PROOF_SALT = "porch.comments.proof"
MAX_AGE = 60 * 60 * 24 * 30
MAX_REMEMBERED = 50
PROOF_MAX_AGE = MAX_AGE * 12
PROOF_MAX_COMMENTS = 20
PROOF_MAX_EMAILS = 5


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
        secure=cookie_secure(request),
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
        secure=cookie_secure(request),
    )


def commenter_proof(request: HttpRequest) -> IdentityProof:
    """What this browser's signed proof cookie shows; nothing when absent or forged."""
    raw = request.COOKIES.get(PROOF_COOKIE)
    if not raw:
        return IdentityProof()
    try:
        data = signing.loads(raw, salt=PROOF_SALT, max_age=PROOF_MAX_AGE)
    except signing.BadSignature:
        return IdentityProof()
    if not isinstance(data, dict):
        return IdentityProof()
    ids, emails = data.get("comments"), data.get("emails")
    return IdentityProof(
        comment_ids=frozenset(
            pk for pk in (ids if isinstance(ids, list) else []) if isinstance(pk, int)
        ),
        emails=frozenset(
            e
            for e in (emails if isinstance(emails, list) else [])
            if isinstance(e, str)
        ),
    )


def proof_cookie_add(
    request: HttpRequest,
    response: HttpResponse,
    *,
    comment_id: int | None = None,
    email: str = "",
) -> None:
    """Add a comment this browser wrote, or an address it confirmed, to its proof.

    The newest 20 comments and 5 addresses are kept; each visit that adds one
    renews the year.
    """
    proof = commenter_proof(request)
    ids = sorted(proof.comment_ids | ({comment_id} if comment_id else set()))
    added = [email_normal(email)] if email else []
    emails = [*sorted(proof.emails - set(added)), *added]  # the new one is kept
    data = {"comments": ids[-PROOF_MAX_COMMENTS:], "emails": emails[-PROOF_MAX_EMAILS:]}
    response.set_cookie(
        PROOF_COOKIE,
        signing.dumps(data, salt=PROOF_SALT),
        max_age=PROOF_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=cookie_secure(request),
    )
