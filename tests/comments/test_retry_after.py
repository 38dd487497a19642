"""A refused comment or edit says when to try again: ``Retry-After`` on its 429."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from porch.comments.models import Comment
from tests.comments.helpers import form_started
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def form(body: str, email: str = "ada@example.com") -> dict[str, str]:
    return {
        "name": "Ada",
        "email": email,
        "body": body,
        "started": form_started(),
    }


def test_a_throttled_comment_says_how_many_seconds_until_the_minute_frees(client):
    post = PostFactory()
    url = reverse("comments:create", args=[post.slug])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sent = [client.post(url, form(f"Point {n}.")).status_code for n in range(5)]
        clock.shift(timedelta(seconds=20))

        refused = client.post(url, form("Sixth point."))
        clock.shift(timedelta(seconds=41))
        later = client.post(url, form("Sixth point, a minute on."))

    assert sent == [302] * 5
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert "Sixth point." in refused.content.decode()
    assert later.status_code == 302
    assert Comment.objects.count() == 6


def test_past_the_hourly_limit_the_wait_is_what_is_left_of_the_hour(client):
    post = PostFactory()
    url = reverse("comments:create", args=[post.slug])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(30):  # five a minute, thirty an hour
            assert client.post(url, form(f"Point {n}.")).status_code == 302
            clock.shift(timedelta(seconds=61))

        refused = client.post(url, form("One too many this hour."))

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(3600 - 30 * 61)
    assert "Please wait an hour" in refused.content.decode()


def test_a_throttled_edit_says_when_to_try_again(client):
    post = PostFactory()
    client.post(reverse("comments:create", args=[post.slug]), form("First take."))
    edit_url = reverse("comments:edit", args=[Comment.objects.get().pk])
    for n in range(4):
        client.post(edit_url, {"body": f"Take {n}."})

    refused = client.post(edit_url, {"body": "One edit too many."})

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
