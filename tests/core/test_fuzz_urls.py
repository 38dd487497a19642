"""No address answers 5xx: every URL pattern, filled with hostile values (#12).

The routes come from the resolver, so a new page is fuzzed the day it is added.
A sweep sends every route a few known-bad values (deterministic, each route met);
Hypothesis then mixes hostile path parameters and query strings, as a reader and
as the host. Runs on SQLite and, with ``PORCH_TEST_DATABASE_URL``, PostgreSQL,
whose failures differ (NUL is refused by PostgreSQL, ids past 2^63 by SQLite).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.fuzz import (
    FUZZ,
    QUERY_KEYS,
    fuzz_site,
    hostile_in_url,
    is_staff_route,
    route_fill,
    route_parameters,
    route_query_keys,
    site_routes,
)

pytestmark = pytest.mark.django_db

ROUTES = site_routes()
# What the sweeps put in every parameter of every route, and in each query key of
# the routes that read one: NUL, an id past 2^63, a digit ``int`` refuses.
SWEEP = ["a%00b", "9223372036854775808", "%C2%B2"]
# Query keys go one at a time (a bad ``page`` would hide a bad ``q``), to each page
# that reads them: the site's and the desk's pages without parameters, the post
# page, and the admin's autocomplete and the lists Porch adds filters to.
ADMIN_QUERY_ROUTES = [
    "/admin/autocomplete/",
    "/admin/comments/comment/",
    "/admin/blog/post/",
    "/admin/moderation/moderationevent/",
]
QUERY_ROUTES = [
    *(r for r in ROUTES if not route_parameters(r) and not r.startswith("/admin/")),
    "/posts/{slug}/",
    *ADMIN_QUERY_ROUTES,
]


def _answer(client, url: str, *, method: str = "get") -> int:
    response = getattr(client, method)(url)
    assert response.status_code < 500, f"{method.upper()} {url!r}"
    return response.status_code


def _host():
    return get_user_model().objects.get(username="hostess")


@pytest.fixture
def site(client):
    made = fuzz_site()
    client.raise_request_exception = True  # a 500 fails with its traceback
    return made


def test_every_route_is_fuzzed():
    # The walk finds the site's own routes and the admin's.
    assert {"/search/", "/comments/{pk}/", "/desk/comments/{pk}/act/"} <= set(ROUTES)
    assert "/admin/comments/comment/{object_id}/change/" in ROUTES
    assert len(ROUTES) > 100


@pytest.mark.parametrize("signed_in", [False, True], ids=["reader", "host"])
def test_sweep_every_route_with_each_known_bad_value(client, site, signed_in):
    """Readers meet the page cache and the old-permalink lookup; the host meets
    the desk and the admin."""
    if signed_in:
        client.force_login(_host())
    for route in [r for r in ROUTES if is_staff_route(r) == signed_in]:
        for value in SWEEP:
            _answer(client, route_fill(route, dict.fromkeys(site.valid, value)))


@pytest.mark.parametrize("signed_in", [False, True], ids=["reader", "host"])
def test_sweep_each_query_key_with_each_known_bad_value(client, site, signed_in):
    if signed_in:
        client.force_login(_host())
    for route in [r for r in QUERY_ROUTES if is_staff_route(r) == signed_in]:
        path = route_fill(route, site.valid)
        for key in route_query_keys(route):
            for value in SWEEP:
                _answer(client, f"{path}?{key}={value}")


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_hostile_paths_and_queries(client, site, data):
    route = data.draw(st.sampled_from(ROUTES), label="route")
    values = {
        name: data.draw(st.one_of(st.just(site.valid[name]), hostile_in_url), name)
        for name in route_parameters(route)
    }
    query = data.draw(
        st.lists(
            st.tuples(st.sampled_from(QUERY_KEYS) | hostile_in_url, hostile_in_url),
            max_size=3,
        ),
        label="query",
    )
    signed_in = data.draw(st.booleans(), label="signed in")
    client.logout()
    if signed_in:
        client.force_login(_host())
    url = route_fill(route, values)
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query)
    _answer(client, url)
    if data.draw(st.booleans(), label="also HEAD"):
        _answer(client, url, method="head")
