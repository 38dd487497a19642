"""The discussion's details: numbered threads, a refused comment's landing, the
formatting hint and the preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import porch
from porch.comments.models import Comment
from porch.comments.preview import PREVIEW_LIMITS
from tests.blog.pages import parse, texts
from tests.comments.helpers import discussion_build, form_started
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

DISCUSSION_CSS = (
    Path(porch.__file__).parent / "comments/static/comments/discussion.css"
).read_text(encoding="utf-8")
PREVIEW = "/comments/preview/"
SAME_ORIGIN = {"Origin": "http://testserver"}


def css_rule(selector: str) -> str:
    match = re.search(
        r"(?:^|\n)" + re.escape(selector) + r"\s*\{([^}]*)\}", DISCUSSION_CSS
    )
    assert match, selector
    return match.group(1)


def test_threads_are_numbered_and_the_numbers_are_shown(client):
    post = PostFactory()
    discussion_build(post=post, threads=3, replies_each=1)

    doc = parse(client.get(post.get_absolute_url()))

    tops = doc.cssselect("ol.comment-list > li")
    assert [li.get("value") for li in tops] == ["1", "2", "3"]
    assert not [li for li in doc.cssselect(".children li") if li.get("value")]
    # The list shows its numbers; only the replies' lists go without.
    assert "list-style: decimal" in css_rule(".comment-list")
    assert "list-style: none" not in css_rule(".comment-list")
    assert "list-style: none" in css_rule(".comment-list .children")


def refused(client: Client, post, **data: str):
    form = {"body": "Half a thought, no name", "started": form_started(), **data}
    return client.post(reverse("comments:create", args=[post.slug]), form)


def test_a_refused_comment_lands_on_the_form_with_its_errors_read_out(client):
    post = PostFactory()

    response = refused(client, post, email="not an address")

    assert response.status_code == 400
    doc = parse(response)
    form = doc.get_element_by_id("commentform")
    assert form.get("action") == f"/comments/posts/{post.slug}/comment/#respond"
    summary = doc.get_element_by_id("comment-form-errors")
    assert (summary.get("role"), summary.get("tabindex")) == ("alert", "-1")
    assert texts(summary, "li") == [
        "Please enter your name.",
        "Please enter a valid email address, like name@example.com.",
    ]
    assert [a.get("href") for a in summary.cssselect("a")] == ["#id_name", "#id_email"]
    assert doc.get_element_by_id("id_body").text.strip() == "Half a thought, no name"
    # The summary sits inside the form the page opens at.
    assert summary.getparent() is form
    scripts = [s.get("src") for s in doc.cssselect("script")]
    assert any(src.endswith("comments/preview.js") for src in scripts)
    assert not Comment.objects.exists()


def test_a_page_without_errors_has_no_summary(client):
    post = PostFactory()
    doc = parse(client.get(post.get_absolute_url()))
    assert not doc.cssselect("#comment-form-errors")
    assert doc.get_element_by_id("commentform").get("action").endswith("#respond")


def test_the_comment_box_says_what_formatting_works(client):
    post = PostFactory()

    doc = parse(client.get(post.get_absolute_url()))

    box = doc.get_element_by_id("id_body")
    assert box.get("aria-describedby") == "comment-body-hint"
    hint = " ".join(doc.get_element_by_id("comment-body-hint").text_content().split())
    for shown in ("*italics*", "**bold**", "[a link](https://example.com)", "`code`"):
        assert shown in hint
    assert "HTML shows as typed" in hint
    # The preview button waits for the script: without it there is nothing to press.
    button = doc.get_element_by_id("comment-preview-button")
    assert button.get("hidden") is not None


def test_preview_renders_like_a_posted_comment_and_sanitises():
    browser = Client(enforce_csrf_checks=True)
    text = (
        "Walking *beside* them, see [my notes](https://example.com/notes).\n\n"
        "> quoted\n\n<script>alert(1)</script> [bad](javascript:alert(1))"
    )

    response = browser.post(PREVIEW, {"body": text}, headers=SAME_ORIGIN)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "html": (
            '<p>Walking <em>beside</em> them, see <a href="https://example.com/notes"'
            ' rel="nofollow ugc noopener">my notes</a>.</p>\n'
            "<blockquote>\n<p>quoted</p>\n</blockquote>\n"
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; [bad](javascript:alert(1))</p>\n"
        )
    }
    assert not Comment.objects.exists()


def test_preview_refuses_a_post_from_another_site():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        PREVIEW, {"body": "hello"}, headers={"Origin": "https://elsewhere.example"}
    )

    assert response.status_code == 403
    assert b"hello" not in response.content


def test_preview_with_a_csrf_cookie_needs_the_token():
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = "x" * 32

    response = browser.post(PREVIEW, {"body": "hello"}, headers=SAME_ORIGIN)

    assert response.status_code == 403


def test_preview_of_nothing_says_so():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(PREVIEW, {"body": "  \n "}, headers=SAME_ORIGIN)

    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "invalid", "message": "Type something to preview."}
    }


def test_previews_are_rate_limited_per_address():
    browser = Client(enforce_csrf_checks=True)
    per_minute = PREVIEW_LIMITS[0][0]

    answers = [
        browser.post(PREVIEW, {"body": f"draft {n}"}, headers=SAME_ORIGIN)
        for n in range(per_minute + 1)
    ]

    assert [r.status_code for r in answers] == [200] * per_minute + [429]
    last = answers[-1]
    assert 1 <= int(last["Retry-After"]) <= 60
    assert last.json()["error"]["code"] == "rate_limited"
    assert "Too many previews" in last.json()["error"]["message"]
    # Another address is not held back by this one.
    other = browser.post(
        PREVIEW, {"body": "mine"}, headers=SAME_ORIGIN, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 200


def test_preview_only_answers_posts(client):
    assert client.get(PREVIEW).status_code == 405
