"""The page cache: anonymous readers get stored pages, and never a stale one."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from porch.comments.cookies import IDENTITY_COOKIE, WRITER_COOKIE
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Ada Reader",
    "email": "ada@example.com",
    "body": "Walking beside them changed how my team plans its week.",
}


@pytest.fixture(autouse=True)
def _site_settings():
    """The settings row exists, as on any running site: creating it drops pages."""
    SiteSettings.current()


def renders_for(client, url, method="get"):
    """The response and how many templates made it: none for a page from the cache
    (the renderer's own fragments can make a page with no query at all)."""
    response = getattr(client, method)(url)
    return response, len(response.templates)


def test_second_anonymous_read_is_a_hit_with_the_same_page(client):
    post = PostFactory()
    first, first_renders = renders_for(client, post.get_absolute_url())
    second, second_renders = renders_for(client, post.get_absolute_url())
    assert (first.status_code, second.status_code) == (200, 200)
    assert first_renders > 0
    assert second_renders == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Cache-Control"] == "no-cache"
    assert second["X-Frame-Options"] == "DENY"
    assert not second.cookies


def test_conditional_get_answers_304_on_a_hit_and_on_a_miss(client):
    post = PostFactory()
    url = post.get_absolute_url()
    etag = client.get(url)["ETag"]
    hit = client.get(url, headers={"If-None-Match": etag})
    assert (hit.status_code, hit.content, hit["ETag"]) == (304, b"", etag)
    modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    post.title = "Walking beside the team, revised"
    post.save()
    miss = client.get(url, headers={"If-None-Match": etag})
    assert miss.status_code == 200
    assert b"revised" in miss.content


def test_head_is_answered_from_the_stored_page(client):
    post = PostFactory()
    body = client.get(post.get_absolute_url()).content
    head, renders = renders_for(client, post.get_absolute_url(), method="head")
    assert (head.status_code, head.content, renders) == (200, b"", 0)
    assert head["Content-Length"] == str(len(body))


def test_approving_editing_and_removing_a_comment_changes_the_page(client):
    comment = CommentFactory(status=Comment.Status.PENDING, body="Held for now.")
    url = comment.post.get_absolute_url()
    assert b"Held for now." not in client.get(url).content
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert b"Held for now." in client.get(url).content
    comment.body_html = "<p>Edited words.</p>"
    comment.save()
    assert b"Edited words." in client.get(url).content
    comment.delete()
    assert b"Edited words." not in client.get(url).content


def test_held_and_spam_comments_leave_cached_pages_alone(client):
    post = PostFactory()
    url = post.get_absolute_url()
    client.get(url)
    held = CommentFactory(post=post, status=Comment.Status.PENDING)
    held.status = Comment.Status.SPAM
    held.save()
    CommentFactory(post=post, status=Comment.Status.SPAM).delete()

    _response, renders = renders_for(client, url)

    assert renders == 0  # still the cached page: nothing a reader sees changed


def test_an_approved_comment_marked_spam_ends_the_cached_page(client):
    comment = CommentFactory(status=Comment.Status.APPROVED, body="Buy my course.")
    comment.body_html = "<p>Buy my course.</p>"
    comment.save()
    url = comment.post.get_absolute_url()
    assert b"Buy my course." in client.get(url).content
    comment.status = Comment.Status.SPAM
    comment.save()
    assert b"Buy my course." not in client.get(url).content


def test_post_author_and_settings_changes_end_cached_pages(client):
    post = PostFactory()
    home = reverse("blog:home")
    client.get(home), client.get(post.get_absolute_url())
    post.author.display_name = "Grace Walker"
    post.author.save()
    assert b"Grace Walker" in client.get(post.get_absolute_url()).content
    site = SiteSettings.current()
    site.site_name = "Quiet Mornings"
    site.save()
    assert b"Quiet Mornings" in client.get(home).content


def test_a_scheduled_post_ends_cached_pages_when_it_goes_live(client):
    now = timezone.now()
    PostFactory(title="Already out")
    PostFactory(title="Coming at noon", publish_at=now + timedelta(minutes=5))
    with time_machine.travel(now, tick=False):
        assert b"Coming at noon" not in client.get(reverse("blog:home")).content
    with time_machine.travel(now + timedelta(minutes=5, seconds=1), tick=False):
        assert b"Coming at noon" in client.get(reverse("blog:home")).content


@pytest.mark.parametrize(
    "cookie", ["sessionid", "csrftoken", "messages", WRITER_COOKIE, IDENTITY_COOKIE]
)
def test_a_reader_with_a_cookie_of_their_own_is_never_served_or_stored(cookie):
    post = PostFactory()
    own = Client()
    own.cookies[cookie] = "x"
    for _ in range(2):
        _, renders = renders_for(own, post.get_absolute_url())
        assert renders > 0
    _, anonymous_renders = renders_for(Client(), post.get_absolute_url())
    assert anonymous_renders > 0  # the reader's pages were not stored either


def test_a_signed_in_user_gets_a_page_rendered_for_them(client):
    post = PostFactory()
    client.get(post.get_absolute_url())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response, renders = renders_for(client, post.get_absolute_url())
    assert renders > 0
    assert b"csrfmiddlewaretoken" in response.content


@pytest.mark.parametrize(
    "path",
    ["/admin/login/", "/desk/", "/search/?q=team", "/comments/form-started/"],
)
def test_staff_search_and_writer_paths_are_never_stored(client, path):
    client.get(path)
    assert "ETag" not in client.get(path)


def test_only_the_query_parameters_pages_read_are_cached(client):
    post = PostFactory()
    url = post.get_absolute_url()
    client.get(f"{url}?cpage=1")
    assert renders_for(client, f"{url}?cpage=1")[1] == 0
    client.get(f"{url}?utm_source=feed")
    assert renders_for(client, f"{url}?utm_source=feed")[1] > 0


def test_pages_with_errors_and_404s_are_not_stored(client):
    post = PostFactory()
    refused = client.post(
        reverse("comments:create", args=[post.slug]),
        {**FORM, "email": "not an address"},
    )
    assert refused.status_code == 400
    assert "ETag" not in refused
    assert client.get("/posts/no-such-post/").status_code == 404
    assert renders_for(client, "/posts/no-such-post/")[1] > 0


def test_off_renders_every_request_with_the_token(client, settings):
    settings.PAGE_CACHE = "off"
    post = PostFactory()
    client.get(post.get_absolute_url())
    response, renders = renders_for(client, post.get_absolute_url())
    assert renders > 0
    assert "ETag" not in response
    assert b"csrfmiddlewaretoken" in response.content


def test_a_cached_page_carries_no_token_and_sets_no_cookie(client):
    post = PostFactory()
    response = client.get(post.get_absolute_url())
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies
    assert b'data-started-url="/comments/form-started/"' in response.content
