"""Which rows belong to one commenter: everything is found by their email address.

Addresses match without regard to case (``Ada@Example.com`` wrote as
``ada@example.com``). A login account with the address brings the comments written
while signed in too, whatever address those carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet

from porch.comments.models import Comment, ConfirmedEmail, Subscription
from porch.core.rate_limits import keyed_hash
from porch.moderation.models import BlockRule
from porch.people.models import Person
from porch.privacy.errors import PrivacyRequestError


def address_checked(email: str) -> str:
    """``email`` trimmed and lower-cased; ``PrivacyRequestError`` if it is not one."""
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise PrivacyRequestError(
            "Enter a whole email address, like ada@example.com."
        ) from None
    return address


def address_digest(address: str) -> str:
    """The keyed hash the audit keeps instead of the address."""
    return keyed_hash(f"privacy:{address}")


@dataclass(frozen=True)
class Commenter:
    """One commenter's rows, as querysets (evaluated when read)."""

    address: str

    @property
    def accounts(self) -> QuerySet[User]:
        return get_user_model().objects.filter(email__iexact=self.address)

    @property
    def comments(self) -> QuerySet[Comment]:
        return Comment.objects.filter(
            Q(author_email__iexact=self.address) | Q(user__in=self.accounts)
        )

    @property
    def subscriptions(self) -> QuerySet[Subscription]:
        return Subscription.objects.filter(email__iexact=self.address)

    @property
    def confirmed_emails(self) -> QuerySet[ConfirmedEmail]:
        return ConfirmedEmail.objects.filter(email=self.address)

    @property
    def block_rules(self) -> QuerySet[BlockRule]:
        return BlockRule.objects.filter(kind=BlockRule.Kind.EMAIL, value=self.address)

    @property
    def profiles(self) -> QuerySet[Person]:
        return Person.objects.filter(
            Q(email__iexact=self.address) | Q(user__in=self.accounts)
        )


def commenter_for(email: str) -> Commenter:
    """The commenter writing as ``email``; ``PrivacyRequestError`` for a bad one."""
    return Commenter(address_checked(email))
