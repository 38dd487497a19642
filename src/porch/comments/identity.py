"""Who a commenter is, as far as Porch can tell: a typed email alone proves nothing.

Anyone can type anyone's address into the comment form. What does prove it:

- a signed-in account (its own email);
- the browser that wrote an earlier approved comment under the same name and email
  (its signed proof cookie names that comment, ``porch.comments.cookies``);
- the browser that followed a link Porch emailed to the address (the subscription
  confirmation), which records the address as a ``ConfirmedEmail`` and names it in
  the same cookie.

A row in ``ConfirmedEmail`` alone is not enough: it says the owner once followed a
link, not that this writer is the owner. The badges, the known-commenter rule and the
"uses the email of a member of this site" hold all read ``commenter_standing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Lower
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.models import Comment, ConfirmedEmail
from porch.people.models import Person


@dataclass(frozen=True)
class IdentityProof:
    """What the writer's browser shows of who they are (its signed proof cookie)."""

    comment_ids: frozenset[int] = field(default_factory=frozenset)
    emails: frozenset[str] = field(default_factory=frozenset)  # lower case


@dataclass(frozen=True)
class CommenterStanding:
    """What the pipeline and the stored comment need to know about its writer.

    ``is_trusted_writer``: signed in as staff or the post's author (approved as is);
    ``is_known_commenter``: skips the first-comment hold;
    ``uses_member_email``: anonymous, under a member's address, without proof;
    ``is_email_proven``: the writer showed the address is theirs.
    """

    is_trusted_writer: bool = False
    is_known_commenter: bool = False
    uses_member_email: bool = False
    is_email_proven: bool = False


def email_normal(email: str) -> str:
    """How Porch compares addresses: trimmed, in lower case."""
    return email.strip().lower()


def is_member_email(email: str) -> bool:
    """Whether ``email`` (any letter case) is a login account's or an author's.

    Authors include guest authors who never log in: their profile's address counts.
    """
    if not email.strip():
        return False
    email = email.strip()
    users = get_user_model().objects.filter(email__iexact=email)
    return users.exists() or Person.objects.filter(email__iexact=email).exists()


def email_confirmed_record(
    *, email: str, now: datetime | None = None
) -> ConfirmedEmail:
    """Record that the owner of ``email`` followed a link Porch emailed to it.

    Call only from a link's page (the subscription confirmation); the first date is
    kept when the owner confirms again.
    """
    row, _created = ConfirmedEmail.objects.get_or_create(
        email=email_normal(email), defaults={"confirmed_at": now or timezone.now()}
    )
    return row


def commenter_standing(
    *,
    post: Post,
    name: str,
    email: str,
    user: AbstractBaseUser | None = None,
    proof: IdentityProof | None = None,
) -> CommenterStanding:
    """Where the writer of a new comment stands, from their account or their proof.

    A signed-in writer is judged as before: trusted when staff or the post's author,
    known by any approved comment under their address. Anyone else is known only with
    the same name and email as an earlier approved comment *and* proof (see the
    module). ``proof=None`` (``porch moderation try``, with no browser) judges on the
    address's history alone. A member's address never counts as known without proof.
    """
    email = email.strip()
    approved = Comment.objects.filter(
        author_email__iexact=email, status=Comment.Status.APPROVED
    )
    if user is not None:
        trusted = bool(getattr(user, "is_staff", False)) or (
            user.pk == post.author.user_id
        )
        known = bool(email) and approved.exists()
        return CommenterStanding(trusted, known, False, is_email_proven=True)
    if not email:
        return CommenterStanding()
    member = is_member_email(email)
    if proof is None:
        return CommenterStanding(is_known_commenter=not member and approved.exists())
    return _standing_by_proof(
        earlier=approved.filter(author_name=name.strip()),
        email=email,
        member=member,
        proof=proof,
    )


def _standing_by_proof(
    *, earlier: QuerySet[Comment], email: str, member: bool, proof: IdentityProof
) -> CommenterStanding:
    if member:  # a comment held as someone else's never vouches for the member
        earlier = earlier.filter(is_email_proven=True)
    by_cookie = bool(proof.comment_ids) and (
        earlier.filter(pk__in=proof.comment_ids).exists()
    )
    by_link = email_normal(email) in proof.emails and (
        ConfirmedEmail.objects.filter(email=email_normal(email)).exists()
    )
    return CommenterStanding(
        is_known_commenter=by_cookie or (by_link and earlier.exists()),
        uses_member_email=member and not (by_cookie or by_link),
        is_email_proven=by_cookie or by_link,
    )


def comments_badged(comments: QuerySet[Comment], *, post: Post) -> QuerySet[Comment]:
    """Mark the post author's and the host's comments, in the same query.

    A badge comes from the signed-in account a comment was written with, or from an
    address its writer proved (``Comment.is_email_proven``) that its owner confirmed
    through an emailed link, and that is the author's or a host's. A typed address
    alone never earns one (``porch.comments.identity``).
    """
    confirmed = Q(is_email_proven=True) & Q(
        Exists(ConfirmedEmail.objects.filter(email=Lower(OuterRef("author_email"))))
    )
    by_author = Q(user_id=post.author.user_id) if post.author.user_id else Q(pk=None)
    if post.author.email:
        by_author |= confirmed & Q(author_email__iexact=post.author.email)
    hosts = (
        get_user_model()
        .objects.filter(is_superuser=True)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .filter(address=Lower(OuterRef("author_email")))
    )
    by_host = Q(user__is_superuser=True) | (confirmed & Q(Exists(hosts)))
    return comments.annotate(
        is_post_author=ExpressionWrapper(by_author, output_field=BooleanField()),
        is_host=ExpressionWrapper(by_host, output_field=BooleanField()),
    )
