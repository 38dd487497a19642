"""Telling moderators that comments wait for review: at once, or in a daily digest.

The host picks one in ``SiteSettings.moderation_moderator_emails``. Moderators are
the people ``porch.blog.access`` lets act on a post: hosts and editors everywhere,
authors on their own posts, guest contributors on theirs when the host allows it.
Whoever gets the digest gets no per-comment email about held comments, so nobody
hears twice. Emails carry the commenter's name and words, never their email or IP,
with the reasons it waits in plain words. The full text of a comment held as
offensive goes only to hosts and editors: an author may be the one it insults, so
they get the reasons and a link to the desk, where they choose to read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from porch.blog.access import (
    posts_for_moderator,
    user_may_moderate,
    user_moderates_every_post,
)
from porch.blog.models import Post
from porch.comments.models import Comment
from porch.comments.tasks import HeldAudience
from porch.core.mail import AUTO_SUBMITTED, absolute_url, email_message, emails_send
from porch.core.models import SiteSettings
from porch.desk.selectors import reason_label
from porch.people.roles import AUTHOR, EDITOR, GUEST_CONTRIBUTOR

# A digest lists this many comments, riskiest first; the desk has the rest.
DIGEST_MAX_ITEMS = 50
EXCERPT_WORDS = 40
EXCERPT_CHARS = 200
MODERATOR_GROUPS = (EDITOR, AUTHOR, GUEST_CONTRIBUTOR)


@dataclass(frozen=True)
class DigestItem:
    """One held comment as the digest shows it: no address, no IP."""

    post_title: str
    author_name: str
    excerpt: str
    reasons: tuple[str, ...]
    waiting_since: datetime
    desk_url: str


@dataclass(frozen=True)
class Digest:
    """One moderator's daily email: what waits on the posts they may moderate."""

    email: str
    name: str
    items: tuple[DigestItem, ...]
    total: int


def desk_url(*, post_id: int | None = None, comment_id: int | None = None) -> str:
    """The desk's absolute address, filtered to a post and scrolled to a comment."""
    url = absolute_url(reverse("desk:queue"))
    if post_id is not None:
        url += "?" + urlencode({"post": post_id})
    if comment_id is not None:
        url += f"#held-{comment_id}"
    return url


def moderator_candidates() -> list[AbstractBaseUser]:
    """Active accounts with an address that hold a role able to moderate something."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    wanted = Q(is_superuser=True) | Q(groups__name__in=MODERATOR_GROUPS)
    return list(users.filter(wanted).distinct().order_by("pk"))


def user_address(user: AbstractBaseUser) -> tuple[str, str]:
    email = str(getattr(user, "email", "")).lower()
    full_name = getattr(user, "get_full_name", lambda: "")()
    return email, full_name or user.get_username()


def moderators_for_post(post_id: int) -> dict[str, str]:
    """Address -> name of everyone who may moderate the post, hosts first by id."""
    post = Post.objects.select_related("author").get(pk=post_id)
    found: dict[str, str] = {}
    for user in moderator_candidates():
        if user_may_moderate(user, post):
            email, name = user_address(user)
            found.setdefault(email, name)
    return found


def everywhere_moderators() -> set[str]:
    """Addresses of the hosts and editors: they may read any held comment in full."""
    return {
        user_address(user)[0]
        for user in moderator_candidates()
        if user_moderates_every_post(user)
    }


def reasons_in_words(comment: Comment) -> str:
    """The held comment's reasons as the desk names them: "Off-topic, Links"."""
    codes = [str(reason.get("code", "")) for reason in comment.moderation_reasons or []]
    return ", ".join(dict.fromkeys(reason_label(code) for code in codes if code))


def held_email_contexts(
    comment: Comment, moderators: dict[str, str]
) -> dict[str, dict[str, object]]:
    """What each moderator's email shows of ``comment``: hosts and editors its full
    text; others an excerpt, or nothing of a comment held as offensive."""
    codes = {str(r.get("code", "")) for r in comment.moderation_reasons or []}
    full = everywhere_moderators()
    hidden = "offensive" in codes
    return {
        email: {
            "shows_full_text": email in full,
            "shows_excerpt": email not in full and not hidden,
        }
        for email in moderators
    }


def held_recipients(
    *, notified: dict[str, str], moderators: dict[str, str], site: SiteSettings
) -> dict[str, str]:
    """Who hears at once about a new held comment: ``notified`` (the host and the
    post's author as the new-comment settings name them) and the post's
    ``moderators`` as the host chose.

    "Immediately" adds every moderator; otherwise moderators are left out, since
    they hear in the digest or, by their host's choice, not at all.
    """
    if site.moderation_moderator_emails == SiteSettings.ModeratorEmails.IMMEDIATELY:
        extra = {k: v for k, v in moderators.items() if k not in notified}
        return {**notified, **extra}
    return {email: name for email, name in notified.items() if email not in moderators}


def held_audience(
    comment: Comment, notified: dict[str, str], site: SiteSettings
) -> HeldAudience:
    """Who hears at once about held ``comment`` (the rule the desk hands to
    ``porch.comments.tasks``): ``held_recipients``, the moderators among them sent
    to the desk by the ``moderator_held`` email."""
    moderators = moderators_for_post(comment.post_id)
    return HeldAudience(
        recipients=held_recipients(notified=notified, moderators=moderators, site=site),
        moderators=moderators,
        moderator_template="desk/email/moderator_held",
        moderator_context={
            "desk_url": desk_url(post_id=comment.post_id, comment_id=comment.pk),
            "held_reasons": reasons_in_words(comment),
            "excerpt": Truncator(" ".join(comment.body.split())).chars(EXCERPT_CHARS),
        },
        moderator_contexts=held_email_contexts(comment, moderators),
    )


def _held_comments() -> list[Comment]:
    # Only what the digest shows is loaded: the private columns never leave the row.
    held = Comment.objects.filter(status=Comment.Status.PENDING).select_related(
        "post__author"
    )
    fields = ("body", "author_name", "created_at", "moderation_reasons")
    related = ("post__title", "post__slug", "post__author__user_id")
    return list(
        held.only(*fields, "post_id", *related).order_by(
            "-moderation_risk", "created_at", "pk"
        )
    )


def _digest_item(comment: Comment, *, full: bool) -> DigestItem:
    """``full``: the reader is a host or editor, who may read offensive comments."""
    codes = [str(reason.get("code", "")) for reason in comment.moderation_reasons or []]
    labels = tuple(reason_label(code) for code in codes if code)
    hidden = "offensive" in codes and not full
    return DigestItem(
        post_title=comment.post.title,
        author_name=comment.author_name,
        excerpt=""
        if hidden
        else Truncator(" ".join(comment.body.split())).words(EXCERPT_WORDS),
        reasons=labels,
        waiting_since=comment.created_at,
        desk_url=desk_url(post_id=comment.post_id, comment_id=comment.pk),
    )


def moderator_digests() -> list[Digest]:
    """One digest per moderator with something waiting on a post they may moderate.

    Moderators with nothing to review get none; each lists at most
    ``DIGEST_MAX_ITEMS`` comments, riskiest first, and the full count.
    """
    held = _held_comments()
    if not held:
        return []
    post_ids = {comment.post_id for comment in held}
    digests = []
    for user in moderator_candidates():
        # One query per moderator, not one role check per moderator and post.
        mine_posts = posts_for_moderator(user).filter(pk__in=post_ids)
        allowed = set(mine_posts.values_list("pk", flat=True))
        mine = [comment for comment in held if comment.post_id in allowed]
        if not mine:
            continue
        email, name = user_address(user)
        full = user_moderates_every_post(user)
        items = tuple(_digest_item(c, full=full) for c in mine[:DIGEST_MAX_ITEMS])
        digests.append(Digest(email=email, name=name, items=items, total=len(mine)))
    return digests


def digest_message(digest: Digest, *, site: SiteSettings) -> EmailMultiAlternatives:
    waits = "comment waits" if digest.total == 1 else "comments wait"
    context = {
        "site": site,
        "site_url": settings.SITE_URL,
        "digest": digest,
        "more": digest.total - len(digest.items),
        "desk_url": desk_url(),
    }
    return email_message(
        template="desk/email/moderator_digest",
        context=context,
        subject=f"{digest.total} {waits} for review on {site.site_name}",
        to=digest.email,
        headers=AUTO_SUBMITTED,
    )


def moderator_digests_send(*, site: SiteSettings | None = None) -> int:
    """Email each moderator the day's digest of held comments; returns emails sent.

    Sends nothing unless the host chose the daily digest, or when nothing waits.
    Call once a day: ``porch.core.schedule`` runs it through ``DAILY_JOBS``.
    """
    site = site or SiteSettings.current()
    if site.moderation_moderator_emails != SiteSettings.ModeratorEmails.DAILY:
        return 0
    messages = (digest_message(digest, site=site) for digest in moderator_digests())
    return emails_send(messages, what="moderator digests")
