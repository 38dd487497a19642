"""WordPress's own addresses that are not a post: where each lives in Porch.

Categories, tags and authors are found by the slug the old site used (what the
import recorded, else the same slug here); date archives, feeds and ``/page/N/``
listings map onto Porch's. A post's comment feed and ``comment-page-N`` are
reached from the post's own old address (see ``redirects``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import QueryDict
from django.urls import reverse

from porch.blog.models import Category, Tag
from porch.importers.models import ImportedObject
from porch.people.models import Person

# Query forms WordPress answers at the site's root, each by a number.
NUMBER_PARAMETERS = ("cat", "author", "m")
_FEED_KINDS = r"(?:rss|rss2|rdf|atom)"
_FEED = re.compile(rf"^(?P<base>.*?)/feed/(?:(?P<kind>{_FEED_KINDS})/)?$")
_LISTING_PAGE = re.compile(r"^(?P<base>.*?)/page/(?P<number>\d{1,6})/$")
_DATE = re.compile(r"^/(?P<year>\d{4})/(?:(?P<month>\d{2})/)?(?:\d{2}/)?$")
_TERM = re.compile(r"^/(?P<kind>category|tag|author)/(?P<slugs>(?:[^/]+/)+)$")


def wordpress_address(path: str, query: QueryDict) -> str | None:
    """Porch's address for an old WordPress listing or feed, or None."""
    path = path.rstrip("/") + "/"
    if path == "/" or path.startswith("/?"):
        return wordpress_query_address(query)
    if feed := _FEED.match(path):
        return _feed_address(feed["base"] + "/", atom=feed["kind"] == "atom")
    if listing := _LISTING_PAGE.match(path):
        base = _listing_address(listing["base"] + "/")
        return f"{base}?page={listing['number']}" if base else None
    return _listing_address(path)


def wordpress_query_address(query: QueryDict) -> str | None:
    """``/?cat=3``, ``/?author=2``, ``/?tag=slug``, ``/?m=201305``, ``/?feed=rss2``."""
    if (number := query.get("cat", "")).isdigit():
        return _url(_by_wordpress_id("category", number))
    if (number := query.get("author", "")).isdigit():
        return _url(_by_wordpress_id("person", number))
    if slug := query.get("tag", ""):
        return _url(_term("tag", slug))
    if (month := query.get("m", "")).isdigit() and len(month) in {4, 6, 8}:
        return _archive(month[:4], month[4:6] or None)
    if (kind := query.get("feed", "")) and re.fullmatch(_FEED_KINDS, kind):
        return reverse("blog:feed_atom" if kind == "atom" else "blog:feed_rss")
    return None


def _listing_address(path: str) -> str | None:
    if path == "/":
        return "/"
    if date := _DATE.match(path):
        return _archive(date["year"], date["month"])
    if term := _TERM.match(path):
        slug = term["slugs"].rstrip("/").rsplit("/", 1)[-1]  # nested: the child
        return _url(_term(term["kind"], slug))
    return None


def _feed_address(base: str, *, atom: bool) -> str | None:
    """The feed of a listing: ``/feed/``, ``/comments/feed/``, ``/author/x/feed/``."""
    if base == "/":
        return reverse("blog:feed_atom" if atom else "blog:feed_rss")
    if base == "/comments/":
        return reverse("comments:feed_atom" if atom else "comments:feed_rss")
    term = _TERM.match(base)
    if term and term["kind"] == "author":
        person = _term("author", term["slugs"].rstrip("/"))
        if isinstance(person, Person):
            name = "blog:author_feed_atom" if atom else "blog:author_feed_rss"
            return reverse(name, args=[person.slug])
    if term or _DATE.match(base):
        # Porch has no category, tag or date feeds: the site's is the nearest feed.
        return reverse("blog:feed_atom" if atom else "blog:feed_rss")
    return None


def _archive(year: str, month: str | None) -> str | None:
    if month is None:
        return reverse("blog:archive_year", args=[int(year)])
    if not 1 <= int(month) <= 12:
        return None
    return reverse("blog:archive_month", args=[int(year), int(month)])


_MODELS: dict[str, type[Model]] = {"category": Category, "tag": Tag, "author": Person}
_KINDS = {"category": "category", "tag": "tag", "author": "person"}


def _term(kind: str, slug: str) -> Model | None:
    """The category, tag or person the old site called ``slug``."""
    model = _MODELS[kind]
    record = (
        ImportedObject.objects.filter(kind=_KINDS[kind], import_id__iexact=slug)
        .exclude(object_id=None)
        .first()
    )
    if record is not None and (found := _target(record, model)) is not None:
        return found
    return model._default_manager.filter(slug=slug.lower()).first()


def _by_wordpress_id(kind: str, number: str) -> Model | None:
    """What the import made of the old site's term or author number ``number``."""
    model = Category if kind == "category" else Person
    records = ImportedObject.objects.filter(
        kind=kind, metadata__wp_id=number, source__startswith="wordpress:"
    ).exclude(object_id=None)
    for record in records:
        if (found := _target(record, model)) is not None:
            return found
    return None


def _target(record: ImportedObject, model: type[Model]) -> Model | None:
    found: Any = model._default_manager.filter(pk=record.object_id).first()
    return found if isinstance(found, model) else None


def _url(found: Model | None) -> str | None:
    address: Callable[[], str] | None = getattr(found, "get_absolute_url", None)
    return address() if address is not None else None
