"""No form answers 5xx, whatever its fields hold (#12).

The public forms (comment, search, subscription links, login) as a stranger; the
desk's forms and two admin forms as the host. A refused comment keeps its text.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from porch.moderation.rules import form_token_make
from tests.core.fuzz import FUZZ, fuzz_site, hostile_in_url, hostile_text

pytestmark = pytest.mark.django_db

KEPT_TEXT = "A thought worth keeping, typed with care."
# Each example writes from its own address, so the rate limits stay out of the way.
_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def _field(valid: str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(valid), hostile_text)


def _posted(client, url: str, data: dict[str, object], **extra: object) -> int:
    response = client.post(url, data, REMOTE_ADDR=next(_addresses), **extra)
    assert response.status_code < 500, f"POST {url} {data!r}"
    return response.status_code


@pytest.fixture
def site(client):
    made = fuzz_site()
    client.raise_request_exception = True
    return made


@pytest.fixture
def host_client(client, site):
    client.force_login(get_user_model().objects.get(username="hostess"))
    return client


# Each accepted comment runs the whole moderation pipeline: fewer, costlier examples.
@settings(FUZZ, max_examples=40)
@given(
    fields=st.fixed_dictionaries(
        {
            "name": _field("Dana"),
            "email": _field("dana@example.com"),
            "url": _field("https://dana.example"),
            "body": _field(KEPT_TEXT),
            "parent": _field(""),
            "started": _field(""),
            "homepage": _field(""),
            "notify_post": _field("on"),
        }
    ),
    fresh_start=st.booleans(),
)
def test_comment_form(client, site, fields, fresh_start):
    if fresh_start and not fields["started"]:
        fields["started"] = form_token_make(timezone.now() - timedelta(minutes=2))
    response = client.post(
        "/comments/posts/garden/comment/", fields, REMOTE_ADDR=next(_addresses)
    )
    assert response.status_code < 500, fields
    if response.status_code == 400 and fields["body"] == KEPT_TEXT:
        assert escape(KEPT_TEXT) in response.content.decode()


@settings(FUZZ, max_examples=60)
@given(query=hostile_text, page=hostile_text)
def test_search(client, site, query, page):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code < 500, (query, page)


@settings(FUZZ, max_examples=40)
@given(
    kind=st.sampled_from(["confirm", "unsubscribe"]),
    signed=hostile_in_url,
    method=st.sampled_from(["get", "post"]),
)
def test_subscription_links(client, site, kind, signed, method):
    url = f"/comments/subscriptions/{kind}/{signed}/"
    response = getattr(client, method)(url)
    assert response.status_code < 500, (method, url)


@settings(FUZZ, max_examples=40)
@given(username=_field("hostess"), password=hostile_text)
def test_login(client, site, username, password):
    _posted(client, "/admin/login/", {"username": username, "password": password})


@settings(FUZZ, max_examples=120)
@given(
    form=st.sampled_from(["act", "edit", "reply", "bulk", "block"]),
    fields=st.fixed_dictionaries(
        {
            "action": _field("approve"),
            "body": _field(KEPT_TEXT),
            "approve": _field("1"),
            "comments": st.lists(_field("1"), max_size=3),
            "kind": _field("email"),
            "value": _field("spam@example.com"),
            "comment": _field(""),
            "expires_in_days": _field("30"),
            "note": _field(""),
            "next": _field("/desk/"),
        }
    ),
    pk=_field(""),
    wants_json=st.booleans(),
)
def test_desk_forms(host_client, site, form, fields, pk, wants_json):
    url = f"/desk/{form}/"
    if form in {"act", "edit", "reply"}:
        url = f"/desk/comments/{site.comment_pk}/{form}/"
    if form == "bulk" and pk == "":
        fields["comments"] = [*fields["comments"], str(site.comment_pk)]
    headers = {"HTTP_ACCEPT": "application/json"} if wants_json else {}
    _posted(host_client, url, fields, **headers)


@settings(FUZZ, max_examples=40)
@given(
    model=st.sampled_from(["people/person", "blog/post", "blog/tag"]),
    name=hostile_text,
    slug=hostile_text,
    url=hostile_text,
)
def test_admin_add_forms(host_client, site, model, name, slug, url):
    data = {
        "display_name": name,
        "name": name,
        "title": name,
        "slug": slug,
        "site_url": url,
        "body": name,
        "books-TOTAL_FORMS": "0",
        "books-INITIAL_FORMS": "0",
    }
    _posted(host_client, f"/admin/{model}/add/", data)
