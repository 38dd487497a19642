"""Every write a commenter makes: the comment form and the demo both come through here.

Rate limits, duplicate checks and the closed-discussion rule live here, not in views,
so a second way in cannot skip them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from porch.blog.models import Post
from porch.comments import notifications
from porch.comments.duplicates import (
    ALREADY_SAID,
    duplicate_stored,
    saved_unless_twin,
)
from porch.comments.identity import (
    CommenterStanding,
    IdentityProof,
    commenter_standing,
)
from porch.comments.models import (
    PATH_SEPARATOR,
    STORED_IP_PREFIX,
    Comment,
    comment_fingerprint,
    thread_path,
)
from porch.comments.selectors import post_accepts_comments
from porch.comments.verdicts import (
    comment_submission,
    comment_verdict_apply,
    moderation_context_for,
)
from porch.core.errors import PorchError
from porch.core.identity_text import identity_text_clean
from porch.core.models import SiteSettings
from porch.core.rate_limits import (
    ip_source,
    keyed_hash,
    rate_limit_forget,
    rate_limit_hit,
)
from porch.core.sanitize import render_comment_markdown
from porch.moderation.pipeline import moderate
from porch.moderation.types import Reason, Verdict

EDIT_WINDOW = timedelta(minutes=15)
# (attempts, seconds): short bursts and a steady trickle are both refused.
RATE_LIMITS = ((5, 60), (30, 3600))


class CommentRejectedError(PorchError):
    """A comment was refused; ``field`` names the form field to show it beside."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class CommentRateLimitedError(CommentRejectedError):
    """Too many comments from one address or one email in a short time.

    ``retry_after`` is how many seconds until the limit's window frees.
    """

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class CommentAuthor:
    """Who writes: a reader's typed identity, or a logged-in host or author.

    ``proof`` is what the reader's browser shows of who they are (its proof cookie);
    without it a typed identity is only typed.
    """

    name: str
    email: str
    url: str = ""
    user: AbstractBaseUser | None = None
    proof: IdentityProof = field(default_factory=IdentityProof)

    @classmethod
    def for_account(cls, user: AbstractBaseUser) -> CommentAuthor:
        """A logged-in writer: their byline's name and site, else the account's."""
        person = getattr(user, "person", None)
        full_name = getattr(user, "get_full_name", lambda: "")()
        return cls(
            name=getattr(person, "display_name", "")
            or full_name
            or user.get_username(),
            email=getattr(user, "email", "") or "",
            url=getattr(person, "site_url", "") or "",
            user=user,
        )

    def as_fields(self) -> dict[str, object]:
        # Cleaned here too: an account's byline or full name never met the form.
        return {
            "author_name": identity_text_clean(self.name),
            "author_email": self.email.strip(),
            "author_url": identity_text_clean(self.url),
            "user": self.user,
        }


def ip_for_storage(ip: str) -> str:
    """The form of ``ip`` Porch keeps: truncated (/24, /48) or a keyed hash.

    ``PORCH_COMMENT_IP_STORAGE`` chooses; an unparsable address is kept as nothing.
    """
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    if settings.PORCH_COMMENT_IP_STORAGE == "hash":
        return "hmac:" + keyed_hash(f"ip:{address}")[:32]
    prefix = STORED_IP_PREFIX[address.version]
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return str(network.network_address)


def reply_parent(
    *, post: Post, parent_id: int | None, max_depth: int
) -> Comment | None:
    """The comment a reply hangs under, moved up past the host's deepest level.

    As WordPress does, a reply to a comment at the deepest level becomes its sibling.
    Raises ``CommentRejectedError`` for a comment not shown on ``post``.
    """
    if parent_id is None:
        return None
    parent = Comment.objects.filter(
        pk=parent_id, post=post, status=Comment.Status.APPROVED
    ).first()
    if parent is None:
        raise CommentRejectedError("The comment you replied to is no longer here.")
    placed = thread_parent_path(parent_path=parent.path, max_depth=max_depth)
    if placed is None:
        return None
    if placed == parent.path:
        return parent
    return Comment.objects.get(pk=int(placed.rsplit(PATH_SEPARATOR, 1)[-1]))


def thread_parent_path(*, parent_path: str, max_depth: int) -> str | None:
    """The thread path a reply to the comment at ``parent_path`` is placed under.

    The parent's own path while the reply fits within ``max_depth`` levels; past
    it, the deepest allowed ancestor's, so the reply becomes a sibling there (as
    WordPress does). None when only top-level comments are allowed. The reply form
    and the importers both place replies with this one rule.
    """
    if max_depth <= 1:
        return None
    segments = parent_path.split(PATH_SEPARATOR)
    if len(segments) < max_depth:
        return parent_path
    return PATH_SEPARATOR.join(segments[: max_depth - 1])


def _rate_limit_sources(*, ip: str, email: str) -> list[str]:
    return [ip_source(ip), f"email:{email.strip().lower()}"]


def comment_rate_check(*, ip: str, email: str) -> None:
    """Count one submission from ``ip`` and ``email``; refuse past the limits.

    Limits: 5 a minute and 30 an hour, for each address (an IPv6 /64 is one) and
    each email.
    """
    hit = rate_limit_hit(
        scope="comment-rate",
        sources=_rate_limit_sources(ip=ip, email=email),
        limits=RATE_LIMITS,
    )
    if hit is not None:
        minutes = "a minute" if hit.span == 60 else "an hour"
        raise CommentRateLimitedError(
            f"You are commenting too quickly. Please wait {minutes} and try again.",
            retry_after=hit.retry_after,
        )


def comment_rate_forget(*, ip: str, email: str) -> None:
    """Forget the submissions counted against ``ip`` and ``email``.

    Only for writers of backdated history, like ``porch demo``, whose weeks of
    comments are written in one second; never called on a reader's behalf.
    """
    rate_limit_forget(
        scope="comment-rate",
        sources=_rate_limit_sources(ip=ip, email=email),
        limits=RATE_LIMITS,
    )


def _check_not_duplicate(*, post: Post, email: str, name: str, body: str) -> None:
    if duplicate_stored(post=post, email=email, name=name, body=body):
        raise CommentRejectedError(ALREADY_SAID, field="body")


def comment_saved_once(comment: Comment, *, update_fields: list[str] | None) -> None:
    """Save ``comment``, or refuse it as already said (``CommentRejectedError``)
    when the database finds a live twin: see ``duplicates.saved_unless_twin``."""
    if not saved_unless_twin(comment, update_fields=update_fields):
        raise CommentRejectedError(ALREADY_SAID, field="body")


def comment_submit(
    *,
    post: Post,
    author: CommentAuthor,
    body: str,
    parent_id: int | None,
    ip: str,
    user_agent: str = "",
    subscribe_post: bool = False,
    subscribe_replies: bool = False,
    traps: Sequence[Reason] = (),
    now: datetime | None = None,
    notify: bool = True,
) -> Comment:
    """Moderate a reader's comment, then save it with its thread path and rendered body.

    The moderation pipeline sets the status (approved, pending or spam) and its
    reasons, logged as a ``ModerationEvent`` in the transaction that saves the
    comment; ``traps`` are the form's bot-trap findings. Importers write comments
    without this service. A comment judged spam asks for no subscription and tells
    nobody. The comment is judged before that transaction opens, so the write lock
    (SQLite takes it at BEGIN) is held only for the inserts.

    Refuses (``CommentRejectedError``, nothing saved) when the discussion is closed,
    the commenter is over the rate limit, or they already said exactly this. Whoever
    is notified is told after the commit, never about a rolled-back comment.
    ``subscribe_*`` ask for follow-up emails (confirmed by email first).

    ``now`` is when it was written: the comment and its event are stamped with it
    (default: the clock's time). ``notify=False`` queues no notification about the
    comment, for writers of past history like ``porch demo`` (a subscription asked for
    with ``subscribe_*`` still sends its confirmation).
    """
    site = SiteSettings.current()
    if not post_accepts_comments(post=post, site=site, now=now):
        raise CommentRejectedError("Comments are closed on this post.")
    comment_rate_check(ip=ip, email=author.email)
    submitted = _Submitted(
        post=post, author=author, body=body.strip(), parent_id=parent_id
    )
    parent = submitted.checked_parent(max_depth=site.comment_max_depth)
    standing = commenter_standing(
        post=post,
        name=author.name,
        email=author.email,
        user=author.user,
        proof=author.proof,
    )
    comment = submitted.draft(parent=parent, ip=ip, standing=standing)
    comment.user_agent = user_agent[:300]
    context = moderation_context_for(
        post=post, email=author.email, traps=traps, now=now, standing=standing
    )
    verdict = moderate(comment_submission(comment, ip=ip), context)
    _comment_save_judged(
        comment,
        submitted=submitted,
        verdict=verdict,
        max_depth=site.comment_max_depth,
        now=now,
        subscribe=(subscribe_post, subscribe_replies),
        notify=notify,
    )
    return comment


@dataclass(frozen=True)
class _Submitted:
    """What a reader sent, checked before it is judged and again under the lock."""

    post: Post
    author: CommentAuthor
    body: str
    parent_id: int | None

    def checked_parent(self, *, max_depth: int) -> Comment | None:
        """The reply's parent; refuses a duplicate, or a reply to a comment gone."""
        author = self.author
        _check_not_duplicate(
            post=self.post, email=author.email, name=author.name, body=self.body
        )
        return reply_parent(
            post=self.post, parent_id=self.parent_id, max_depth=max_depth
        )

    def draft(
        self, *, parent: Comment | None, ip: str, standing: CommenterStanding
    ) -> Comment:
        """The unsaved comment, held until the pipeline has judged it."""
        return Comment(
            post=self.post,
            parent=parent,
            body=self.body,
            body_html=render_comment_markdown(self.body),
            ip=ip_for_storage(ip),
            status=Comment.Status.PENDING,
            is_email_proven=standing.is_email_proven,
            fingerprint=comment_fingerprint(
                email=self.author.email, name=self.author.name, body=self.body
            ),
            **self.author.as_fields(),
        )


@transaction.atomic
def _comment_save_judged(
    comment: Comment,
    *,
    submitted: _Submitted,
    verdict: Verdict,
    max_depth: int,
    now: datetime | None,
    subscribe: tuple[bool, bool],
    notify: bool,
) -> None:
    # Checked again under the write lock: a twin saved while this one was judged
    # is refused, and so is a reply to a comment removed meanwhile.
    comment.parent = submitted.checked_parent(max_depth=max_depth)
    _comment_insert(comment, now=now)
    comment_verdict_apply(comment=comment, verdict=verdict, now=now)
    if comment.status == Comment.Status.SPAM:
        return  # a bot's comment makes Porch send nothing, to anyone
    to_post, to_replies = subscribe
    _subscriptions_request(comment=comment, to_post=to_post, to_replies=to_replies)
    comment_id = comment.pk
    if notify:
        transaction.on_commit(
            lambda: notifications.comment_submitted(comment_id=comment_id)
        )


def _comment_insert(comment: Comment, *, now: datetime | None) -> None:
    # The fingerprint's uniqueness is left to the insert: a check here would be one
    # more read a concurrent twin slips past.
    comment.full_clean(exclude=["path", "fingerprint"])
    comment_saved_once(comment, update_fields=None)
    comment.path = thread_path(parent=comment.parent, pk=comment.pk)
    comment.save(update_fields=["path"])
    if now is not None:  # the timestamps are the clock's on save (auto_now_add)
        comment.created_at = comment.updated_at = now
        Comment.objects.filter(pk=comment.pk).update(created_at=now, updated_at=now)


def _subscriptions_request(
    *, comment: Comment, to_post: bool, to_replies: bool
) -> None:
    # Same transaction as the comment: a refused comment leaves no subscription.
    for kind, wanted in (("post", to_post), ("replies", to_replies)):
        if wanted and comment.author_email:
            notifications.subscription_request(
                post=comment.post,
                email=comment.author_email,
                name=comment.author_name,
                kind=kind,
                comment=comment if kind == "replies" else None,
            )
