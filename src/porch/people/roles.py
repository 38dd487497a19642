"""The four roles of a Porch site, as Django groups with permissions.

host
    owns the site: every permission (a superuser).
editor
    writes, edits and publishes anyone's posts; manages people and terms.
author
    writes and publishes their own posts.
guest contributor
    writes drafts of their own posts and submits them for review; never publishes.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission

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
ROLE_PERMISSIONS: dict[str, list[str]] = {
    HOST: [],  # hosts are superusers
    EDITOR: [
        *_POST_WRITING,
        "blog.delete_post",
        "blog.publish_post",
        *_TERMS,
        "people.add_person",
        "people.change_person",
        "people.view_person",
        "people.add_book",
        "people.change_book",
        "people.delete_book",
        "people.view_book",
    ],
    AUTHOR: [*_POST_WRITING, "blog.publish_post", "blog.view_tag", "blog.add_tag",
             "blog.view_category", "blog.view_series"],
    GUEST_CONTRIBUTOR: [*_POST_WRITING, "blog.view_tag", "blog.view_category",
                        "blog.view_series"],
}  # fmt: skip


def roles_sync(*, using: str = "default") -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def user_can_publish(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("blog.publish_post"))


def user_edits_any_post(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Hosts and editors; authors and guest contributors only edit their own."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.groups.filter(name=EDITOR).exists())
    )
