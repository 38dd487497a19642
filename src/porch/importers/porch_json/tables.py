"""Rows as every column of their table: what makes a version 2 export lossless.

Each row of a version 2 export holds every column of its table under the field's
name (a foreign key as the other row's id; a content type as ``[app, model]``),
beside the friendlier keys version 1 had (``login``, ``books``, ``url``). Tables are
named by label, not imported: the audit log, examples and block rules belong to the
moderation app, which the importers never use, only copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.db.models.fields.files import FieldFile

CHUNK = 500

# The lists of a version 2 export, in the order a restore writes them, each with
# the table its rows fill. ``site_settings`` (one object) and ``books`` (inside
# each person) are written beside them.
TABLES: dict[str, str] = {
    "roles": "auth.Group",
    "accounts": "auth.User",
    "people": "people.Person",
    "series": "blog.Series",
    "categories": "blog.Category",
    "tags": "blog.Tag",
    "posts": "blog.Post",
    "pages": "pages.Page",
    "images": "media.Image",
    "comments": "comments.Comment",
    "subscriptions": "comments.Subscription",
    "confirmed_emails": "comments.ConfirmedEmail",
    "moderation_events": "moderation.ModerationEvent",
    "moderation_examples": "moderation.ModerationExample",
    "block_rules": "moderation.BlockRule",
    "redirects": "importers.LegacyRedirect",
    "imported": "importers.ImportedObject",
}
BOOK, SITE_SETTINGS = "people.Book", "core.SiteSettings"
# Lists added after version 2 first shipped: a file without them has none of them.
OPTIONAL = {"pages", "images"}
# Roles are found by name (``migrate`` makes them); other rows keep their ids.
BY_NAME = {"roles"}


def model_of(name: str) -> type[Model]:
    return apps.get_model(TABLES.get(name, name))


class ExportEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds), files by name."""

    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name or ""
        if isinstance(o, datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class ContentTypes:
    """Content types as ``[app_label, model]``: their ids differ between sites."""

    def __init__(self) -> None:
        self.keys: dict[int, list[str]] = {}

    def key(self, pk: int | None) -> list[str] | None:
        if pk is None:
            return None
        if pk not in self.keys:
            found = ContentType.objects.get_for_id(pk)
            self.keys[pk] = [found.app_label, found.model]
        return self.keys[pk]


def columns(obj: Model, types: ContentTypes) -> dict[str, Any]:
    """Every concrete column of ``obj`` by field name; relations as ids."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation:
            value = getattr(obj, field.attname)
            if field.related_model is ContentType:
                value = types.key(value)
            row[field.name] = value
        else:
            row[field.name] = field.value_from_object(obj)
    return row


def permission_keys(permissions: Iterable[Any]) -> list[list[str]]:
    return sorted(
        [p.codename, p.content_type.app_label, p.content_type.model]
        for p in permissions
    )


def roles_rows(types: ContentTypes) -> Iterator[dict[str, Any]]:
    groups = Group.objects.prefetch_related("permissions__content_type")
    for group in groups.order_by("name"):
        yield {
            "name": group.name,
            "permissions": permission_keys(group.permissions.all()),
        }


def accounts_rows(types: ContentTypes) -> Iterator[dict[str, Any]]:
    """Login accounts with their password hashes (never a password), roles by name."""
    users = get_user_model().objects.prefetch_related(
        "groups", "user_permissions__content_type"
    )
    for user in users.order_by("pk").iterator(CHUNK):
        yield columns(user, types) | {
            "groups": sorted(group.name for group in user.groups.all()),
            "user_permissions": permission_keys(user.user_permissions.all()),
        }


def plain_rows(name: str) -> Any:
    """Rows of a table with nothing but its columns."""

    def rows(types: ContentTypes) -> Iterator[dict[str, Any]]:
        model = model_of(name)
        for obj in model._default_manager.order_by("pk").iterator(CHUNK):
            yield columns(obj, types)

    return rows
