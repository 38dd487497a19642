"""What the fuzz tests send: hostile values, the site's routes, a small site to aim at.

Every value in ``HOSTILE_IN_URL`` is already percent-encoded, as it would arrive on
the wire: NUL and other controls, bidi overrides, digits ``int`` refuses ("²"),
ids past what a database holds, invalid UTF-8, overlong encodings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from porch.people import roles
from tests.desk.desk_helpers import member
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    PageFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    TagFactory,
)

# Reproducible in CI (derandomize), no example database written, no time limit per
# example (the first request of a test warms caches and templates).
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MAX_ID = 2**63 - 1
HOSTILE_IN_URL = [
    "%00",
    "a%00b",
    "%01",
    "%1b%5B0m",
    "%7f",
    "%C2%85",
    "%0a",
    "%0d%0a",
    "%09",
    "%E2%80%AE",
    "%E2%81%A6",
    "%E2%80%8B",
    "%EF%BB%BF",
    "%C2%B2",
    "%D9%A3",
    str(MAX_ID),
    str(MAX_ID + 1),
    str(2**64),
    "9" * 40,
    "-1",
    "0",
    "1e308",
    "NaN",
    "%ff",
    "%ff%fe",
    "%c3%28",
    "%ed%a0%80",
    "%C0%80",
    "%",
    "%zz",
    "..",
    "%2e%2e%2f%2e%2e%2f",
    "%27%22%3C%3E",
    "%20",
    "",
]
# The same, as a form field's value (what a browser would have decoded).
HOSTILE_TEXT = [
    "\x00",
    "a\x00b",
    "\x01",
    "\x0b",
    "\x1b[0m",
    "\x7f",
    "\x85",
    "\r\n",
    "\u202etsoH",
    "\u2066Host\u2069",
    "Ho\u200bst",
    "\ufeff",
    "²",
    "٣",
    str(MAX_ID),
    str(MAX_ID + 1),
    str(2**64),
    "9" * 40,
    "-1",
    "0",
    "1e308",
    "\ufffd",
    "'\"<>&",
    " ",
    "",
    "x" * 6000,
]
# The query keys each part of the site reads (and some it should not).
PUBLIC_KEYS = ["q", "page", "cpage", "replytocom", "p", "page_id", "attachment_id"]
DESK_KEYS = ["page", "post", "comment", "author", "actor", "action", "status"]
DESK_KEYS += ["reason", "q", "since", "until", "next"]
ADMIN_KEYS = ["q", "p", "o", "e", "_to_field", "_changelist_filters"]
ADMIN_KEYS += ["id__exact", "post__id__exact", "status__exact", "created_at__gte"]
AUTOCOMPLETE_KEYS = ["term", "app_label", "model_name", "field_name", "page"]
QUERY_KEYS = sorted({*PUBLIC_KEYS, *DESK_KEYS, *ADMIN_KEYS, *AUTOCOMPLETE_KEYS})
# A route's parameters: ``<conv:name>``, ``<name>``, or a regex's ``(?P<name>...)``.
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")

hostile_in_url = st.one_of(
    st.sampled_from(HOSTILE_IN_URL),
    st.text(max_size=12).map(lambda text: quote(text, safe="")),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _routes(patterns: list[object], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)  # type: ignore[attr-defined]


def site_routes() -> list[str]:
    """Every URL pattern of the site as a path with ``{name}`` holes, in order."""
    routes = []
    for route in _routes(get_resolver().url_patterns):
        plain = route.replace("^", "").replace("$", "")
        routes.append("/" + PARAMETER.sub(lambda m: "{%s}" % (m[1] or m[2]), plain))
    return routes


def route_fill(route: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m[1]], route)


def route_parameters(route: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", route)


def is_staff_route(route: str) -> bool:
    return route.startswith(("/admin/", "/desk/"))


def route_query_keys(route: str) -> list[str]:
    """The query keys worth sending ``route`` one at a time."""
    if route == "/admin/autocomplete/":
        return AUTOCOMPLETE_KEYS
    if route.startswith("/admin/"):
        return ADMIN_KEYS
    return DESK_KEYS if route.startswith("/desk/") else PUBLIC_KEYS


@dataclass(frozen=True)
class FuzzSite:
    """One of everything, all named ``garden``, so a valid parameter hits a row."""

    valid: dict[str, str]
    comment_pk: int


def fuzz_site() -> FuzzSite:
    host = member(roles.HOST, "hostess")
    person = PersonFactory(slug="garden", user=host)
    series = SeriesFactory(slug="garden")
    post = PostFactory(slug="garden", author=person, series=series)
    post.categories.add(CategoryFactory(slug="garden"))
    post.tags.add(TagFactory(slug="garden"))
    comment = CommentFactory(post=post)
    PageFactory(slug="garden")
    valid = {
        "slug": "garden",
        "pk": str(comment.pk),
        "object_id": str(comment.pk),
        "content_type_id": "1",
        "id": str(host.pk),
        "year": str(post.publish_at.year),
        "month": str(post.publish_at.month),
        "token": "not-a-token",
        "signed": "not-signed",
        "app_label": "blog",
        "url": "blog/",
        "path": "none.png",
        "address": "garden",
    }
    return FuzzSite(valid=valid, comment_pk=comment.pk)
