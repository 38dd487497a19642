"""Background jobs that email people about comments.

Jobs take ids only and load fresh rows when they run: with the database backend a job
may wait in its table through a restart, and the comment may have changed meanwhile.
Each email goes to one address, so no recipient ever sees another's address.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from porch.blog.models import Post
from porch.comments.models import NAME_MAX_LENGTH, Comment, Subscription
from porch.core.mail import (
    absolute_url,
    email_message,
    emails_send,
    unsubscribe_headers,
)
from porch.core.models import SiteSettings

CONFIRM_SALT = "porch.comments.subscription.confirm"
UNSUBSCRIBE_SALT = "porch.comments.subscription.unsubscribe"
EMAILS = "comments/email"


@dataclass(frozen=True)
class Letter:
    """One email to one address, rendered from the ``<template>.txt|html`` pair."""

    subscription: Subscription
    subject: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HeldAudience:
    """Who hears at once about a held comment: ``recipients`` (address -> name),
    of whom the ``moderators`` get ``moderator_template`` with ``moderator_context``
    and, per address, ``moderator_contexts`` (what one moderator may read).
    """

    recipients: dict[str, str]
    moderators: Collection[str] = ()
    moderator_template: str = ""
    moderator_context: dict[str, Any] = field(default_factory=dict)
    moderator_contexts: dict[str, dict[str, Any]] = field(default_factory=dict)


# (comment, host and author as the settings name them, site) -> HeldAudience.
HeldAudienceRule = Callable[[Comment, dict[str, str], SiteSettings], HeldAudience]
# Who moderates a post, and how they like to hear, is the desk's business; the desk
# sits above comments, so comments cannot import it. The desk hands its rule in when
# it loads (``DeskConfig.ready``) instead; without it, the host and author hear alone.
_held_audience_rule: list[HeldAudienceRule] = []  # one slot: a rule, or none


def held_audience_register(rule: HeldAudienceRule) -> None:
    """Let ``rule`` decide who hears about held comments (it replaces any earlier)."""
    _held_audience_rule[:] = [rule]


def held_audience(
    comment: Comment, notified: dict[str, str], site: SiteSettings
) -> HeldAudience:
    """Who hears about ``comment`` as held, as the registered rule decides."""
    if not _held_audience_rule:
        return HeldAudience(recipients=notified)
    return _held_audience_rule[0](comment, notified, site)


def confirm_url(subscription: Subscription) -> str:
    # Timestamped so a confirmation link stops working after a week; salted apart
    # from the unsubscribe link so neither can stand in for the other.
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscription.token)
    return absolute_url(reverse("comments:subscription_confirm", args=[signed]))


def unsubscribe_url(subscription: Subscription) -> str:
    signed = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.token)
    return absolute_url(reverse("comments:subscription_unsubscribe", args=[signed]))


def moderate_url(comment: Comment) -> str:
    try:
        return absolute_url(reverse("admin:comments_comment_change", args=[comment.pk]))
    except NoReverseMatch:
        return absolute_url(reverse("admin:index"))


def letter_message(letter: Letter) -> EmailMultiAlternatives:
    sub = letter.subscription
    link = unsubscribe_url(sub)
    context = {
        "site": SiteSettings.current(),
        "site_url": settings.SITE_URL,
        "recipient_name": sub.name,
        "unsubscribe_url": link,
        **letter.context,
    }
    return email_message(
        template=letter.template,
        context=context,
        subject=letter.subject,
        to=sub.email,
        headers=unsubscribe_headers(link),
    )


def letters_send(letters: Iterable[Letter]) -> int:
    messages = (letter_message(letter) for letter in letters)
    return emails_send(messages, what="notification emails")


def comment_context(comment: Comment) -> dict[str, Any]:
    # The writer's name and words only: their email and IP stay out of every message.
    return {
        "post_title": comment.post.title,
        "post_url": absolute_url(comment.post.get_absolute_url()),
        "comment_name": comment.author_name,
        "comment_body": comment.body,
        "comment_html": comment.body_html,
        "comment_url": absolute_url(comment.get_absolute_url()),
        "is_pending": comment.is_pending,
    }


def writer_addresses(comment: Comment) -> set[str]:
    found = {comment.author_email.lower()} if comment.author_email else set()
    if comment.user is not None and comment.user.email:
        found.add(comment.user.email.lower())
    return found


def staff_recipients(post: Post, site: SiteSettings) -> dict[str, str]:
    """Address -> name of the host(s) and the post's author, as the settings ask."""
    found: dict[str, str] = {}
    if site.notify_author_on_comment:
        author = post.author
        email = author.email or (author.user.email if author.user else "")
        if email:
            found[email.lower()] = author.display_name
    if site.notify_host_on_comment:
        hosts = get_user_model().objects.filter(is_superuser=True, is_active=True)
        for host in hosts.exclude(email="").order_by("pk"):
            found.setdefault(host.email.lower(), host.get_full_name() or host.username)
    return found


def staff_subscription(post: Post, email: str, name: str) -> Subscription:
    """The host's or author's standing subscription to a post's new comments.

    Their address comes from the site's own accounts, not from a stranger's form, so
    it needs no confirmation; it exists so that "unsubscribe" has something to end.
    """
    sub, _created = Subscription.objects.get_or_create(
        post=post,
        kind=Subscription.Kind.MODERATION,
        email=email,
        comment=None,
        defaults={"name": name[:NAME_MAX_LENGTH], "confirmed_at": timezone.now()},
    )
    return sub


@task()
def comment_staff_notify(comment_id: int) -> int:
    """Email the host and the post's author about a new comment; returns emails sent.

    A held comment also goes to everyone who may moderate the post when the host
    chose "immediately"; with the daily digest (or never) moderators hear nothing
    now, each address at most once either way. Spam and removed comments are
    skipped: nobody needs to moderate them. Nobody is told about their own comment.
    """
    comment = (
        Comment.objects.select_related("post__author__user", "user")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.is_hidden:
        return 0
    site = SiteSettings.current()
    audience = HeldAudience(recipients=staff_recipients(comment.post, site))
    if comment.is_pending:  # held: moderators hear as the host chose
        audience = held_audience(comment, audience.recipients, site)
    writers = writer_addresses(comment)
    with transaction.atomic():
        subs = [
            staff_subscription(comment.post, email, name)
            for email, name in audience.recipients.items()
            if email not in writers
        ]
    context = {**comment_context(comment), "moderate_url": moderate_url(comment)}
    subject = f"New comment on “{comment.post.title}” from {comment.author_name}"
    return letters_send(
        staff_letter(sub, subject, context, audience) for sub in subs if sub.is_active
    )


def staff_letter(
    sub: Subscription, subject: str, context: dict[str, Any], audience: HeldAudience
) -> Letter:
    # A moderator is sent to the desk; an author who may not moderate just reads.
    if sub.email in audience.moderators:
        own = audience.moderator_contexts.get(sub.email, {})
        context = {**context, **audience.moderator_context, **own}
        return Letter(sub, subject, audience.moderator_template, context)
    if sub.email not in host_addresses():  # the admin page opens for hosts only
        context = {**context, "moderate_url": ""}
    return Letter(sub, subject, f"{EMAILS}/comment_staff", context)


def host_addresses() -> set[str]:
    """The hosts' addresses, lower-cased: the accounts the comment admin opens for."""
    hosts = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return {email.lower() for email in hosts.values_list("email", flat=True) if email}


@task()
def comment_subscribers_notify(comment_id: int) -> int:
    """Email a newly approved comment to the post's subscribers and, for a reply, to
    the parent comment's writer if they asked for replies; returns emails sent.

    Someone subscribed both ways gets one email (the reply one), and nobody gets
    their own comment back. Subscribers hear of a comment once, however often it is
    approved again: the first run claims it, so a later or concurrent one sends none.
    """
    claimed = Comment.objects.filter(
        pk=comment_id,
        status=Comment.Status.APPROVED,
        subscribers_notified_at__isnull=True,
    ).update(subscribers_notified_at=timezone.now())
    if not claimed:
        return 0
    comment = Comment.objects.select_related("post", "parent", "user").get(
        pk=comment_id
    )
    skip = writer_addresses(comment)
    replies = []
    if comment.parent_id is not None:
        replies = list(
            Subscription.objects.active()
            .filter(kind=Subscription.Kind.REPLIES, comment_id=comment.parent_id)
            .exclude(email__in=skip)
        )
        skip |= {sub.email for sub in replies}
    followers = (
        Subscription.objects.active()
        .filter(kind=Subscription.Kind.POST, post_id=comment.post_id)
        .exclude(email__in=skip)
        .order_by("pk")
    )
    context = comment_context(comment)
    title = comment.post.title
    reply_subject = f"{comment.author_name} replied to you on “{title}”"
    letters = [
        Letter(sub, reply_subject, f"{EMAILS}/comment_reply", context)
        for sub in replies
    ]
    letters += [
        Letter(
            sub, f"New comment on “{title}”", f"{EMAILS}/comment_subscriber", context
        )
        for sub in followers
    ]
    return letters_send(letters)


@task()
def subscription_confirmation_send(subscription_id: int) -> int:
    """Email the double opt-in link for a subscription; returns emails sent (0 or 1).

    The email lists every pending subscription of that address to the post, since
    one link confirms them all.
    """
    sub = (
        Subscription.objects.select_related("post", "comment")
        .filter(pk=subscription_id, confirmed_at__isnull=True)
        .first()
    )
    if sub is None:
        return 0
    pending = Subscription.objects.pending().filter(
        post_id=sub.post_id, email=sub.email
    )
    kinds = {str(item.get_kind_display()) for item in pending}
    context = {
        "post_title": sub.post.title,
        "post_url": absolute_url(sub.post.get_absolute_url()),
        "confirm_url": confirm_url(sub),
        "kinds": sorted(kinds),
    }
    subject = f"Please confirm: emails about “{sub.post.title}”"
    return letters_send(
        [Letter(sub, subject, f"{EMAILS}/subscription_confirm", context)]
    )
