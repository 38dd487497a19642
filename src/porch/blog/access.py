"""Who may moderate a post: the one place that rule lives.

Hosts and editors moderate every post; an author their own posts; a guest
contributor their own posts while the host lets guest authors moderate (on by
default); anyone else nothing. ``user_may_moderate`` asks it of one post,
``posts_for_moderator`` of every post at once, so the desk's queue, its actions,
the admin and the moderator emails cannot disagree.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from porch.blog.models import Post, PostQuerySet
from porch.core.models import SiteSettings
from porch.people import roles

User = AbstractBaseUser | AnonymousUser


def user_moderates_every_post(user: User) -> bool:
    """Whether ``user`` is a host or an editor: they moderate every post and read the
    whole audit log (the editing rule of ``people.roles``, which is the same set)."""
    return roles.user_edits_any_post(user)


def _moderates_own_posts(user: User) -> bool:
    role = roles.user_role(user)
    if role == roles.AUTHOR:
        return True
    return (
        role == roles.GUEST_CONTRIBUTOR
        and SiteSettings.current().moderation_guest_authors_moderate
    )


def user_may_moderate(user: User, post: Post) -> bool:
    """Whether ``user`` may act on comments on ``post`` (see the module docstring)."""
    if user_moderates_every_post(user):
        return True
    owns = user.is_authenticated and post.author.user_id == user.pk
    return owns and _moderates_own_posts(user)


def posts_for_moderator(user: User) -> PostQuerySet:
    """Every post ``user`` may moderate: ``user_may_moderate`` as one query."""
    if user_moderates_every_post(user):
        return Post.objects.all()
    if isinstance(user, AbstractBaseUser) and _moderates_own_posts(user):
        return Post.objects.filter(author__user_id=int(user.pk))
    return Post.objects.none()
