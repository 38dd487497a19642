"""``porch export json``: everything a Porch site holds, as one documented JSON file.

The file is one object::

    {
      "format": "porch-export", "version": 1,
      "exported_at": "2024-05-01T09:00:00+00:00", "site_url": "https://blog.example",
      "site_settings": {"site_name": ..., every editorial setting ...},
      "people":        [{"id", "display_name", "slug", "email", "login", "bio",
                         "site_name", "site_url", "photo", "created_at",
                         "books": [{"title", "url", "position"}]}],
      "series":        [{"id", "name", "slug", "description"}],
      "categories":    [{"id", "name", "slug", "parent"}],
      "tags":          [{"id", "name", "slug"}],
      "posts":         [{"id", "url", "title", "slug", "author", "status",
                         "publish_at", "created_at", "updated_at", "intro", "body",
                         "body_html", "excerpt", "questions", "series", "categories",
                         "tags", "featured_image", "featured_image_alt",
                         "comments_open", "comment_policy"}],
      "comments":      [{"id", "post", "parent", "status", "kind", "author_name",
                         "author_email", "author_url", "login", "body", "body_html",
                         "ip", "created_at", "updated_at"}],
      "subscriptions": [{"post", "comment", "kind", "email", "name", "confirmed_at",
                         "unsubscribed_at", "created_at"}],
      "redirects":     [{"old_path", "new_url"}]
    }

Ids are this site's own and tie the lists together: a post's ``author`` is a person's
``id``, ``categories`` and ``tags`` are lists of ids, a comment's ``parent`` is another
comment's ``id`` (parents always come before their replies). Times are ISO 8601 in
UTC; ``status`` and ``kind`` use Porch's words (``published``, ``draft``, ``review``;
``approved``, ``pending``, ``spam``, ``removed``). Text fields hold the Markdown the
site stores, ``*_html`` the sanitized HTML readers saw. ``login`` is a username, never
a password. File fields (``photo``, ``featured_image``) are paths under the media
folder, which a full backup copies alongside.

The file holds private data (emails, truncated IP addresses, subscriptions): it is for
the host. Lists are written a row at a time, so memory stays flat on large sites.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from porch.blog.models import Category, Post, Series, Tag
from porch.comments.models import Comment, Subscription
from porch.core.models import SiteSettings
from porch.importers.models import LegacyRedirect
from porch.people.models import Person

FORMAT, VERSION = "porch-export", 1
_CHUNK = 500


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name or ""
        return super().default(o)


def _dumps(value: object) -> str:
    return json.dumps(value, cls=_Encoder, ensure_ascii=False)


def json_export(*, out: IO[str], now: datetime | None = None) -> dict[str, int]:
    """Write the whole site to ``out`` in the format above; return rows per list."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "site_url": settings.SITE_URL,
        "site_settings": _site_settings(),
    }
    out.write(_dumps(head)[:-1])  # the lists follow inside the same object
    counts = {}
    for name, rows in _LISTS.items():
        out.write(f",\n{_dumps(name)}: [")
        count = 0
        for row in rows():
            out.write(("\n  " if count == 0 else ",\n  ") + _dumps(row))
            count += 1
        out.write("\n]")
        counts[name] = count
    out.write("\n}\n")
    return counts


def _site_settings() -> dict[str, Any]:
    site = SiteSettings.current()
    return {
        field.name: field.value_from_object(site)
        for field in SiteSettings._meta.concrete_fields
        if not field.primary_key
    }


def _pick(obj: Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _people() -> Iterable[dict[str, Any]]:
    people = Person.objects.select_related("user").prefetch_related("books")
    for person in people.order_by("pk").iterator(_CHUNK):
        row = _pick(person, ["id", "display_name", "slug", "email"])
        row["login"] = person.user.get_username() if person.user else None
        row |= _pick(person, ["bio", "site_name", "site_url", "photo", "created_at"])
        row["books"] = [
            _pick(book, ["title", "url", "position"]) for book in person.books.all()
        ]
        yield row


def _simple(model: type[Model], names: list[str]) -> Callable[[], Iterable[Any]]:
    def rows() -> Iterable[dict[str, Any]]:
        for obj in model._default_manager.order_by("pk").iterator(_CHUNK):
            yield _pick(obj, names)

    return rows


def _categories() -> Iterable[dict[str, Any]]:
    for category in Category.objects.order_by("pk").iterator(_CHUNK):
        yield _pick(category, ["id", "name", "slug"]) | {"parent": category.parent_id}


def _posts() -> Iterable[dict[str, Any]]:
    posts = Post.objects.prefetch_related("categories", "tags").order_by("pk")
    for post in posts.iterator(_CHUNK):
        row = _pick(post, ["id"])
        row["url"] = f"{settings.SITE_URL}{post.get_absolute_url()}"
        row |= _pick(post, ["title", "slug", "author_id", "status", "publish_at",
                            "created_at", "updated_at", "intro", "body", "body_html",
                            "excerpt", "questions", "series_id"])  # fmt: skip
        row["author"], row["series"] = row.pop("author_id"), row.pop("series_id")
        row["categories"] = [term.pk for term in post.categories.all()]
        row["tags"] = [term.pk for term in post.tags.all()]
        row |= _pick(post, ["featured_image", "featured_image_alt", "comments_open",
                            "comment_policy"])  # fmt: skip
        yield row


def _comments() -> Iterable[dict[str, Any]]:
    comments = Comment.objects.select_related("user").order_by("post_id", "path")
    for comment in comments.iterator(_CHUNK):
        row = _pick(comment, ["id", "post_id", "parent_id", "status", "kind",
                              "author_name", "author_email", "author_url"])  # fmt: skip
        row["post"], row["parent"] = row.pop("post_id"), row.pop("parent_id")
        row["login"] = comment.user.get_username() if comment.user else None
        row |= _pick(comment, ["body", "body_html", "ip", "created_at", "updated_at"])
        yield row


def _subscriptions() -> Iterable[dict[str, Any]]:
    for sub in Subscription.objects.order_by("pk").iterator(_CHUNK):
        row = _pick(sub, ["post_id", "comment_id", "kind", "email", "name",
                          "confirmed_at", "unsubscribed_at", "created_at"])  # fmt: skip
        row["post"], row["comment"] = row.pop("post_id"), row.pop("comment_id")
        yield row


def _redirects() -> Iterable[dict[str, Any]]:
    redirects = LegacyRedirect.objects.prefetch_related("target").order_by("pk")
    for redirect in redirects.iterator(_CHUNK):
        yield {"old_path": redirect.old_path, "new_url": redirect.destination() or ""}


_LISTS: dict[str, Callable[[], Iterable[dict[str, Any]]]] = {
    "people": _people,
    "series": _simple(Series, ["id", "name", "slug", "description"]),
    "categories": _categories,
    "tags": _simple(Tag, ["id", "name", "slug"]),
    "posts": _posts,
    "comments": _comments,
    "subscriptions": _subscriptions,
    "redirects": _redirects,
}
