"""Writes to people: profiles render their bio once, at write time."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group, User
from django.db import transaction
from django.utils.text import slugify

from porch.core.images import image_fit_upload
from porch.core.management.accounts import host_create
from porch.core.sanitize import render_post_markdown
from porch.people import roles
from porch.people.models import Person

PHOTO_MAX_SIZE = 600


def person_render(*, person: Person) -> Person:
    """Render the Markdown bio to stored, sanitized HTML; the caller saves."""
    person.bio_html = render_post_markdown(person.bio) if person.bio else ""
    return person


@transaction.atomic
def person_save(*, person: Person) -> Person:
    """Save a profile from the admin: photo fitted to 600 px, bio rendered.

    A new photo is turned upright and shrunk before it reaches storage; one already
    stored is left alone. Raises ``ValidationError`` before writing anything.
    """
    image_fit_upload(person.photo, max_width=PHOTO_MAX_SIZE, max_height=PHOTO_MAX_SIZE)
    person_render(person=person)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def user_role_set(*, user: AbstractUser, role: str) -> AbstractUser:
    """Give ``user`` exactly one role, replacing any other, and admin access.

    The host role makes a superuser; every other role removes superuser status, so
    a demoted host loses their powers. Raises ``ValueError`` for an unknown role.
    """
    if role not in roles.ROLES:
        raise ValueError(
            f"unknown role {role!r}; choose one of {', '.join(roles.ROLES)}"
        )
    group = Group.objects.filter(name=role).first()
    if group is None:  # a database flushed since migrate, as in transactional tests
        roles.roles_sync()
        group = Group.objects.get(name=role)
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
    user.groups.add(group)
    user.is_staff = True
    user.is_superuser = role == roles.HOST
    user.save(update_fields=["is_staff", "is_superuser"])
    roles.user_role_forget(user)
    return user


@transaction.atomic
def person_for_user_ensure(*, user: User) -> Person:
    """The profile bylines show for ``user``, created on first need.

    A new host has no profile yet, and the post admin offers only profiles as
    authors; this gives them one named after the account, with a free slug.
    """
    found = Person.objects.filter(user=user).first()
    if found is not None:
        return found
    name = user.get_full_name()
    username = user.get_username()
    base = slugify(username) or "author"
    slug, suffix = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    person = Person(
        user=user,
        display_name=name or username,
        slug=slug,
        email=user.email,
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def host_with_byline_create(*, username: str, email: str, password: str) -> User:
    """Create the host's superuser account and the byline profile its posts show.

    Shared by ``porch init`` and ``createadmin``. Raises ``SetupRefusedError`` (a
    taken name, a weak password) and writes nothing then.
    """
    host = host_create(username=username, email=email, password=password)
    person_for_user_ensure(user=host)
    return host
