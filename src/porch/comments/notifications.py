"""Who hears about a comment, and the subscriptions that decide it.

The comments services call ``comment_submitted`` and ``comment_approved`` from
``transaction.on_commit``; both only enqueue jobs (``porch.comments.tasks``), so a slow
or broken mail server never slows or breaks posting a comment. Subscriptions follow
double opt-in: a request stores a pending row and emails a link; nothing else is sent
to that address until the link is followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from porch.blog.models import Post
from porch.comments import tasks
from porch.comments.identity import email_confirmed_record
from porch.comments.models import NAME_MAX_LENGTH, Comment, Subscription
from porch.core.errors import PorchError

CONFIRMATION_INTERVAL = timedelta(hours=1)
CONFIRM_LINK_MAX_AGE = timedelta(days=7)


class SubscriptionLinkExpiredError(PorchError):
    """A confirmation link older than a week: the reader has to ask again."""


def comment_submitted(*, comment_id: int) -> None:
    """A new comment was saved, in any status: tell the host and the post's author.

    If the comment went straight to approved, its subscribers hear too, exactly as
    ``comment_approved`` does. Call from ``transaction.on_commit``.
    """
    tasks.comment_staff_notify.enqueue(comment_id=comment_id)
    approved = Comment.objects.filter(pk=comment_id, status=Comment.Status.APPROVED)
    if approved.exists():
        comment_approved(comment_id=comment_id)


def comment_approved(*, comment_id: int) -> None:
    """A comment became visible: email the post's confirmed subscribers and, for a
    reply, the parent comment's writer if they asked for replies.

    Call from ``transaction.on_commit``; the writer never gets their own comment,
    and a comment approved again (approve, remove, approve) is not sent again.
    """
    tasks.comment_subscribers_notify.enqueue(comment_id=comment_id)


@transaction.atomic
def subscription_request(
    *, post: Post, email: str, name: str, kind: str, comment: Comment | None = None
) -> Subscription:
    """Store a pending subscription and email its confirmation link (double opt-in).

    ``kind`` is ``"post"`` (every approved comment on the post) or ``"replies"``
    (approved replies to ``comment``). An active subscription is left alone and gets
    no email. An address gets at most one confirmation email per post an hour, so
    asking again and again sends nothing more; the one link confirms every pending
    subscription of that address to the post. Raises ``ValidationError`` for a
    malformed address, an unknown kind or a comment from another post.
    """
    email = email.strip().lower()
    if comment is not None and comment.post_id != post.pk:
        raise ValidationError({"comment": "That comment belongs to another post."})
    sub = Subscription.objects.filter(
        post=post, email=email, kind=kind, comment=comment
    ).first() or Subscription(post=post, email=email, kind=kind, comment=comment)
    if sub.is_active:
        return sub
    sub.name = name.strip()[:NAME_MAX_LENGTH]
    sub.confirmed_at = sub.unsubscribed_at = None
    sub.full_clean()
    now = timezone.now()
    recently = Subscription.objects.filter(
        post=post, email=email, confirmation_sent_at__gt=now - CONFIRMATION_INTERVAL
    ).exists()
    if not recently:
        sub.confirmation_sent_at = now
    sub.save()
    if not recently:
        pk = sub.pk
        transaction.on_commit(
            lambda: tasks.subscription_confirmation_send.enqueue(subscription_id=pk)
        )
    return sub


@dataclass(frozen=True)
class SubscriptionLink:
    subscription: Subscription
    pending: list[Subscription]


def subscription_for_confirm_link(*, signed: str) -> SubscriptionLink:
    """The subscription a confirmation link names, with the others it confirms.

    Raises ``Http404`` for a forged or unknown link and
    ``SubscriptionLinkExpiredError`` for one older than a week.
    """
    signer = signing.TimestampSigner(salt=tasks.CONFIRM_SALT)
    try:
        token = signer.unsign(signed, max_age=CONFIRM_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise SubscriptionLinkExpiredError(str(error)) from error
    except signing.BadSignature as error:
        raise Http404("No such subscription link.") from error
    sub = _subscription_by_token(token)
    others = Subscription.objects.pending().filter(post_id=sub.post_id, email=sub.email)
    pending = [sub, *others.exclude(pk=sub.pk).order_by("pk")]
    return SubscriptionLink(subscription=sub, pending=pending)


def subscription_for_unsubscribe_link(*, signed: str) -> Subscription:
    """The subscription an unsubscribe link names; ``Http404`` if forged or unknown.

    Unsubscribe links never expire: an old email must still be able to stop the rest.
    """
    try:
        token = signing.Signer(salt=tasks.UNSUBSCRIBE_SALT).unsign(signed)
    except signing.BadSignature as error:
        raise Http404("No such subscription link.") from error
    return _subscription_by_token(token)


def _subscription_by_token(token: str) -> Subscription:
    sub = Subscription.objects.select_related("post", "comment").filter(token=token)
    found = sub.first()
    if found is None:
        raise Http404("No such subscription.")
    return found


@transaction.atomic
def subscription_confirm(*, link: SubscriptionLink) -> list[Subscription]:
    """Turn on the linked subscription and the address's other pending ones for the
    same post; returns them. Following the link twice changes nothing more.

    Only the address's owner could follow the link, so it also records the address
    as confirmed (``ConfirmedEmail``); the page names it in the browser's proof.
    """
    now = timezone.now()
    email_confirmed_record(email=link.subscription.email, now=now)
    confirmed = []
    for sub in link.pending:
        if sub.is_active:
            continue
        sub.confirmed_at, sub.unsubscribed_at = now, None
        sub.save(update_fields=["confirmed_at", "unsubscribed_at"])
        confirmed.append(sub)
    return confirmed


def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    """End a subscription (idempotent): no further email is sent for it."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription
