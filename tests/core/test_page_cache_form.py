"""The comment form on a cached page: posted without a token, origin checked."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from porch.comments.models import Comment
from porch.moderation.rules import form_timing_reason
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Ada Reader",
    "email": "ada@example.com",
    "body": "Walking beside them changed how my team plans its week.",
}


def cached_form(client, post):
    """The hidden fields of the post page's comment form, as a cached page has them."""
    client.get(post.get_absolute_url())
    page = client.get(post.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" not in page
    started = page.split('name="started" value="', 1)[1].split('"', 1)[0]
    return {**FORM, "started": started}


def test_the_cached_form_posts_without_javascript_from_the_same_origin():
    post = PostFactory()
    browser = Client(enforce_csrf_checks=True)
    data = cached_form(browser, post)
    response = browser.post(
        reverse("comments:create", args=[post.slug]),
        data,
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == FORM["body"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Referer": "http://testserver/posts/x/"},
    ],
)
def test_fetch_metadata_or_referer_stand_in_for_a_missing_origin(headers):
    post = PostFactory()
    browser = Client(enforce_csrf_checks=True)
    url = reverse("comments:create", args=[post.slug])
    assert browser.post(url, FORM, headers=headers).status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "cross-site", "Referer": "http://testserver/"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/posts/"},
        {},
    ],
)
def test_a_cross_site_post_is_refused_and_writes_nothing(headers):
    post = PostFactory()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("comments:create", args=[post.slug]), FORM, headers=headers
    )
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_with_a_csrf_cookie_django_s_token_check_still_decides():
    post = PostFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = "a" * 32
    url = reverse("comments:create", args=[post.slug])
    same_origin = {"Origin": "http://testserver"}
    assert browser.post(url, FORM, headers=same_origin).status_code == 403
    assert Comment.objects.count() == 0
    page = browser.get(post.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {**FORM, "csrfmiddlewaretoken": token}
    assert browser.post(url, data, headers=same_origin).status_code == 302
    assert Comment.objects.count() == 1


def test_the_form_start_time_endpoint_is_fresh_and_never_cached(client):
    first = client.get(reverse("comments:form_started"))
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    assert "ETag" not in first
    assert form_timing_reason(first.json()["started"], timezone.now()) is not None
    later = timezone.now() + timezone.timedelta(seconds=5)
    assert form_timing_reason(first.json()["started"], later) is None
