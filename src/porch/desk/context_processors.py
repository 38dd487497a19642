"""The site navigation's link to the desk, with the number of held comments, and
whether the sentence model judges comments (the desk says when it is not installed).

The base template belongs to no app; this lets it show the count to moderators
without the page's view knowing about moderation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from porch.desk.selectors import held_count, moderates_anything
from porch.moderation.sentence import sentence_model_status


@dataclass(frozen=True)
class DeskLink:
    """Whether the reader gets the desk link, and how many comments wait there."""

    show: bool
    pending: int = 0


def desk_link_for(user: AbstractBaseUser | AnonymousUser) -> DeskLink:
    """The desk link and pending count for a moderator; nothing for anyone else."""
    if not moderates_anything(user):
        return DeskLink(show=False)
    return DeskLink(show=True, pending=held_count(user=user))


def desk_link(request: HttpRequest) -> dict[str, Any]:
    """``desk_link`` for staff, computed only when a page shows the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return {}
    return {
        "desk_link": SimpleLazyObject(lambda: desk_link_for(user)),
        # The desk's one notice that the sentence model is not installed.
        "sentence_model": SimpleLazyObject(sentence_model_status),
    }
