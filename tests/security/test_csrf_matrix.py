"""Every URL pattern refuses a forged state change: no CSRF token, a foreign Origin.

The patterns come from Django's resolver, so a route added later is in the matrix
without anyone listing it. For each, POST, PUT, PATCH and DELETE are sent by an
anonymous reader and by the site's host, through a client that enforces CSRF checks
and carries no token, with ``Origin: https://evil.example``. Each must answer 403
or 405, and no row of any table may change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from porch.blog.models import Post
from porch.comments import tasks as comment_tasks
from porch.comments.models import Comment, Subscription
from porch.people import roles
from porch.people.services import user_role_set
from tests.comments.helpers import form_started
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    SubscriptionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FOREIGN = "https://evil.example"
METHODS = ("post", "put", "patch", "delete")
SLUG = "matrix"  # every kind of page with a slug gets this one: slugs are per table
# Patterns that take a state change without Django's token, and why. The matrix
# checks them separately below; any other exempt view fails the matrix.
TOKENLESS = {
    # The comment form on a cached page carries no token; the origin is checked
    # instead (porch.core.page_cache.csrf): a foreign Origin is still refused.
    "comments:create": "same-origin check",
    # RFC 8058 one-click unsubscribe: mail providers POST with no cookie, no token
    # and no Origin of ours; the signed token in the address authorises it.
    "comments:subscription_unsubscribe": "RFC 8058 one-click",
}
ONE_CLICK = TOKENLESS["comments:subscription_unsubscribe"]


@dataclass(frozen=True)
class Route:
    name: str
    url: str


def patterns(
    found: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """Every (namespace:name, full pattern text, pattern) under ``found``."""
    for entry in found:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry.url_patterns, text, inner)
        else:
            yield f"{namespace}{entry.name or ''}", text, entry


class Values:
    """A real value for each URL parameter, made from one small site."""

    def __init__(self) -> None:
        author = PersonFactory(slug=SLUG)
        self.post = PostFactory(
            slug=SLUG, author=author, series=SeriesFactory(slug=SLUG)
        )
        self.post.categories.set([CategoryFactory(slug=SLUG)])
        self.post.tags.set([TagFactory(slug=SLUG)])
        self.comment = CommentFactory(post=self.post, status=Comment.Status.PENDING)
        self.subscription = SubscriptionFactory(post=self.post)
        self.unconfirmed = SubscriptionFactory(post=self.post, confirmed_at=None)
        self.host = UserFactory(
            username="matrix-host", is_staff=True, is_superuser=True
        )
        user_role_set(user=self.host, role=roles.HOST)

    def fill(self, text: str) -> str:
        filled = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: self.value(m[2], text), text)
        filled = re.sub(
            r"\(\?P<(\w+)>[^)]*\)", lambda m: self.value(m[1], text), filled
        )
        return "/" + filled.replace("^", "").replace("$", "").replace("\\", "")

    def value(self, name: str, text: str) -> str:
        if name == "signed":
            if "unsubscribe" in text:
                signer = signing.Signer(salt=comment_tasks.UNSUBSCRIBE_SALT)
                return signer.sign(self.subscription.token)
            confirm = signing.TimestampSigner(salt=comment_tasks.CONFIRM_SALT)
            return confirm.sign(self.unconfirmed.token)
        if name == "object_id" and "content_type_id" in text:  # admin's view on site
            return str(self.post.pk)
        if name == "object_id":  # admin/<app>/<model>/<id>/...
            app_label, model_name = text.split("/")[1:3]
            model = apps.get_model(app_label, model_name)
            first = model._base_manager.order_by("pk").first()
            return str(first.pk) if first else "1"
        fixed = {
            "slug": SLUG, "pk": str(self.comment.pk), "id": str(self.host.pk),
            "year": str(self.post.publish_at.year),
            "month": str(self.post.publish_at.month),
            "token": "not-a-preview-token", "app_label": "comments",
            "content_type_id": str(ContentType.objects.get_for_model(Post).pk),
            "url": "nowhere/", "path": "nothing.txt", "address": "no-such-page",
        }  # fmt: skip
        return fixed[name]


def database_state() -> dict[str, str]:
    """A digest of every row of every table: any insert, update or delete shows."""
    state = {}
    for model in apps.get_models():
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def routes(values: Values) -> list[Route]:
    found = [
        Route(name, values.fill(text))
        for name, text, _pattern in patterns(get_resolver().url_patterns)
    ]
    for route in found:  # each filled address reaches the pattern it came from
        match = resolve(route.url)
        assert route.name.endswith(match.url_name or ""), route
    return found


def clients(values: Values) -> dict[str, Client]:
    anonymous = Client(enforce_csrf_checks=True, headers={"Origin": FOREIGN})
    staff = Client(enforce_csrf_checks=True, headers={"Origin": FOREIGN})
    staff.force_login(values.host)
    return {"anonymous": anonymous, "staff": staff}


def test_every_state_change_without_a_token_is_refused():
    values = Values()
    checked = routes(values)
    assert len(checked) > 60  # the admin's routes are in, not only Porch's own
    data = {"body": "Forged.", "name": "Mallory", "action": "approve",
            "email": "m@evil.example", "comments": [values.comment.pk]}  # fmt: skip
    senders = clients(values)  # signing in writes last_login: before any snapshot
    refused = []
    for route in checked:
        if TOKENLESS.get(route.name) == ONE_CLICK:
            continue  # checked below: it is meant to work from a mail provider
        before = database_state()
        for who, client in senders.items():
            for method in METHODS:
                response = getattr(client, method)(route.url, data)
                if response.status_code not in (403, 405):
                    refused.append((route.name, route.url, who, method,
                                    response.status_code))  # fmt: skip
        assert database_state() == before, route
    assert refused == []


def test_the_comment_form_takes_a_tokenless_post_only_from_its_own_origin():
    values = Values()
    url = f"/comments/posts/{SLUG}/comment/"
    form = {"name": "Ada", "email": "ada@example.com", "body": "Agreed, slowly.",
            "started": form_started()}  # fmt: skip
    foreign = Client(enforce_csrf_checks=True, headers={"Origin": FOREIGN})
    assert foreign.post(url, form).status_code == 403
    assert not Comment.objects.filter(author_name="Ada").exists()

    own = Client(enforce_csrf_checks=True, headers={"Origin": "http://testserver"})
    assert own.post(url, form).status_code == 302
    assert Comment.objects.filter(author_name="Ada", post=values.post).count() == 1


def test_one_click_unsubscribe_ends_only_the_subscription_its_link_names():
    values = Values()
    others = Subscription.objects.exclude(pk=values.subscription.pk)
    others_before = sorted(others.values_list("pk", "unsubscribed_at", "confirmed_at"))
    signed = values.value("signed", "unsubscribe")
    client = Client(enforce_csrf_checks=True, headers={"Origin": FOREIGN})

    response = client.post(
        f"/comments/subscriptions/unsubscribe/{signed}/",
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    values.subscription.refresh_from_db()
    assert values.subscription.unsubscribed_at is not None
    others_after = sorted(others.values_list("pk", "unsubscribed_at", "confirmed_at"))
    assert others_after == others_before
