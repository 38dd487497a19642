"""The four roles of a Porch site, as Django groups with permissions.

host
    owns the site: every permission (a superuser).
editor
    writes, edits and publishes anyone's posts; manages people, terms and pages.
author
    writes and publishes their own posts.
guest contributor
    writes drafts of their own posts and submits them for review; never publishes.

Authors and guest contributors also keep their own profile (bio, photo, books) up to
date; the admin narrows what they see to the posts and profile linked to their login.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    Group,
    Permission,
    PermissionsMixin,
)

HOST = "host"
EDITOR = "editor"
AUTHOR = "author"
GUEST_CONTRIBUTOR = "guest contributor"

_POST_WRITING = ["blog.add_post", "blog.change_post", "blog.view_post"]
_TERMS = [
    f"blog.{verb}_{model}"
    for model in ("series", "category", "tag")
    for verb in ("add", "change", "view")
]
_PAGES = [f"pages.{verb}_page" for verb in ("add", "change", "delete", "view")]
_IMAGE_UPLOADS = ["media.add_image", "media.view_image"]
_OWN_PROFILE = [
    "people.view_person",
    "people.change_person",
    *[f"people.{verb}_book" for verb in ("add", "change", "delete", "view")],
]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    HOST: [],  # hosts are superusers
    EDITOR: [
        *_POST_WRITING,
        "blog.delete_post",
        "blog.publish_post",
        *_TERMS,
        *_PAGES,
        *_IMAGE_UPLOADS,
        "media.change_image",
        "media.delete_image",
        "people.add_person",
        "people.change_person",
        "people.view_person",
        "people.add_book",
        "people.change_book",
        "people.delete_book",
        "people.view_book",
    ],
    AUTHOR: [*_POST_WRITING, "blog.publish_post", "blog.view_tag", "blog.add_tag",
             "blog.view_category", "blog.view_series", *_IMAGE_UPLOADS, *_OWN_PROFILE],
    GUEST_CONTRIBUTOR: [*_POST_WRITING, "blog.view_tag", "blog.view_category",
                        "blog.view_series", *_IMAGE_UPLOADS, *_OWN_PROFILE],
}  # fmt: skip
ROLES = [HOST, EDITOR, AUTHOR, GUEST_CONTRIBUTOR]
ROLE_CACHE = "_porch_role"


def roles_sync(*, using: str = "default") -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    Runs on the people app's ``post_migrate``, before later apps (blog) have had their
    permissions created, so it creates every app's permissions first.
    """
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted: list[Permission] = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def _member(user: AbstractBaseUser | AnonymousUser) -> PermissionsMixin | None:
    if user.is_authenticated and isinstance(user, PermissionsMixin):
        return user
    return None


def user_can_publish(user: AbstractBaseUser | AnonymousUser) -> bool:
    member = _member(user)
    return bool(member and member.has_perm("blog.publish_post"))


def user_edits_any_post(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Hosts and editors; authors and guest contributors only edit their own."""
    return user_role(user) in {HOST, EDITOR}


def user_role(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The most powerful role ``user`` holds, or None for readers and plain staff."""
    member = _member(user)
    if member is None:
        return None
    if member.is_superuser:
        return HOST
    # An admin page asks a dozen times (queryset, each permission, each field); like
    # Django's own permission cache, the answer is kept on the user object.
    if not hasattr(member, ROLE_CACHE):
        held = set(member.groups.values_list("name", flat=True))
        setattr(
            member, ROLE_CACHE, next((role for role in ROLES if role in held), None)
        )
    role: str | None = getattr(member, ROLE_CACHE)
    return role


def user_role_forget(user: AbstractBaseUser | AnonymousUser) -> None:
    """Drop what ``user`` remembers of its role and permissions, after a change."""
    for cache in (ROLE_CACHE, "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        vars(user).pop(cache, None)
