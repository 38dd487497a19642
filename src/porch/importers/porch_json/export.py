"""``porch export json``: everything a Porch site holds, as one documented JSON file.

The file is one object::

    {
      "format": "porch-export", "version": 2,
      "exported_at": "2024-05-01T09:00:00Z", "site_url": "https://blog.example",
      "site_settings": {"site_name": ..., every editorial setting ...},
      "people":        [{"id", "display_name", "slug", "email", "login", "bio",
                         "site_name", "site_url", "photo", "created_at",
                         "books": [{"id", "title", "url", "position"}], ...}],
      "series":        [{"id", "name", "slug", "description"}],
      "categories":    [{"id", "name", "slug", "parent"}],
      "tags":          [{"id", "name", "slug"}],
      "posts":         [{"id", "url", "title", "slug", "author", "status",
                         "publish_at", "created_at", "updated_at", "intro", "body",
                         "body_html", "excerpt", "questions", "series", "categories",
                         "tags", "featured_image", "featured_image_alt",
                         "comments_open", "comment_policy", ...}],
      "comments":      [{"id", "post", "parent", "path", "status", "kind",
                         "author_name", "author_email", "author_url", "login",
                         "user", "body", "body_html", "ip", "user_agent",
                         "moderation_reasons", "moderation_scores",
                         "moderation_risk", "created_at", "updated_at", ...}],
      "subscriptions": [{"id", "post", "comment", "kind", "email", "name", "token",
                         "confirmed_at", "unsubscribed_at", "created_at", ...}],
      "redirects":     [{"id", "old_path", "destination", "content_type",
                         "object_id", "new_url", "source", ...}],
      "accounts":      [{"id", "username", "password", "email", "is_staff",
                         "is_superuser", "is_active", "groups", ...}],
      "roles":         [{"name", "permissions": [[codename, app, model]]}],
      "confirmed_emails": [{"id", "email", "confirmed_at"}],
      "moderation_events": [{"id", "comment", "actor", "action", "reasons",
                             "scores", "text_snapshot", "created_at", ...}],
      "moderation_examples": [{"id", "comment", "label", "text", "actor", ...}],
      "block_rules":   [{"id", "kind", "value", "reason", "expires_at", ...}],
      "imported":      [{"id", "source", "kind", "import_id", "content_type",
                         "object_id", "fingerprint", "metadata", ...}]
    }

Every row holds every column of its table under the field's name (``...`` above:
the rest of them), so importing the file into an empty site gives the same rows
with the same ids: ``/comments/<id>/`` links in feeds and emails keep pointing at the
same comments. Ids tie the lists together: a post's ``author`` is a person's ``id``,
``categories`` and ``tags`` are lists of ids, a comment's ``parent`` is another
comment's ``id`` (parents always come before their replies), a content type is
``[app, model]``. Times are ISO 8601 in UTC to the microsecond; ``status`` and
``kind`` use Porch's words (``published``, ``draft``, ``review``; ``approved``,
``pending``, ``spam``, ``removed``). Text fields hold the Markdown the site stores,
``*_html`` the sanitized HTML readers saw. ``login`` is a username; ``password`` is
the account's password hash, never a password. File fields (``photo``,
``featured_image``) are paths under the media folder, which a full backup copies
alongside. Version 1 (earlier Porch) had only the first eight lists, with fewer
columns, and ``new_url`` where version 2 says ``destination``; it is still read.

The file holds private data (emails, truncated IP addresses, password hashes,
subscriptions): it is for the host. Lists are written a row at a time, so memory
stays flat on large sites.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.importers.models import LegacyRedirect
from porch.importers.porch_json.tables import (
    CHUNK,
    ContentTypes,
    ExportEncoder,
    accounts_rows,
    columns,
    plain_rows,
    roles_rows,
)
from porch.people.models import Person

FORMAT, VERSION = "porch-export", 2
Rows = Callable[[ContentTypes], Iterable[dict[str, Any]]]


def _dumps(value: object) -> str:
    return json.dumps(value, cls=ExportEncoder, ensure_ascii=False)


def json_export(*, out: IO[str], now: datetime | None = None) -> dict[str, int]:
    """Write the whole site to ``out`` in the format above; return rows per list."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now or timezone.now(),
        "site_url": settings.SITE_URL,
        "site_settings": _site_settings(),
    }
    out.write(_dumps(head)[:-1])  # the lists follow inside the same object
    counts = {}
    types = ContentTypes()
    for name, rows in _LISTS.items():
        out.write(f",\n{_dumps(name)}: [")
        count = 0
        for row in rows(types):
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


def _people(types: ContentTypes) -> Iterable[dict[str, Any]]:
    people = Person.objects.select_related("user").prefetch_related("books")
    for person in people.order_by("pk").iterator(CHUNK):
        row = columns(person, types)
        row["login"] = person.user.get_username() if person.user else None
        row["books"] = [
            _pick(book, ["id", "title", "url", "position"])
            for book in person.books.all()
        ]
        yield row


def _posts(types: ContentTypes) -> Iterable[dict[str, Any]]:
    posts = Post.objects.prefetch_related("categories", "tags").order_by("pk")
    for post in posts.iterator(CHUNK):
        row = columns(post, types)
        row["url"] = f"{settings.SITE_URL}{post.get_absolute_url()}"
        row["categories"] = sorted(term.pk for term in post.categories.all())
        row["tags"] = sorted(term.pk for term in post.tags.all())
        yield row


def _comments(types: ContentTypes) -> Iterable[dict[str, Any]]:
    comments = Comment.objects.select_related("user").order_by("post_id", "path")
    for comment in comments.iterator(CHUNK):
        row = columns(comment, types)
        row["login"] = comment.user.get_username() if comment.user else None
        yield row


def _redirects(types: ContentTypes) -> Iterable[dict[str, Any]]:
    redirects = LegacyRedirect.objects.prefetch_related("target").order_by("pk")
    for redirect in redirects.iterator(CHUNK):
        yield columns(redirect, types) | {"destination": redirect.destination() or ""}


_LISTS: dict[str, Rows] = {
    "people": _people,
    "series": plain_rows("series"),
    "categories": plain_rows("categories"),
    "tags": plain_rows("tags"),
    "posts": _posts,
    "pages": plain_rows("pages"),
    "images": plain_rows("images"),
    "comments": _comments,
    "subscriptions": plain_rows("subscriptions"),
    "redirects": _redirects,
    "accounts": accounts_rows,
    "roles": roles_rows,
    "confirmed_emails": plain_rows("confirmed_emails"),
    "moderation_events": plain_rows("moderation_events"),
    "moderation_examples": plain_rows("moderation_examples"),
    "block_rules": plain_rows("block_rules"),
    "imported": plain_rows("imported"),
}
