"""In Chromium: the writer reads why their comment is held; spam is restored."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from porch.comments.models import Comment
from porch.moderation.models import ModerationEvent, ModerationExample
from porch.people import roles
from porch.people.services import user_role_set
from tests.browser.test_discussion import submit_as_a_person
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_TIME = "Held for review: your first comment here waits for the host's approval."


def test_the_writer_of_a_held_comment_reads_why_and_others_do_not(
    live_server, page, browser
):
    post = PostFactory(
        title="Walking beside the team",
        body="A team moves faster when the person in charge walks beside it.",
    )
    url = f"{live_server.url}{post.get_absolute_url()}"
    page.goto(url)

    page.fill("#id_body", "Walking beside my team last spring made us faster.")
    page.fill("#id_name", "Nora")
    page.fill("#id_email", "nora@example.com")
    submit_as_a_person(page)

    comment = Comment.objects.get(author_name="Nora")
    assert comment.status == "pending"
    assert [r["code"] for r in comment.moderation_reasons] == ["first_time"]
    item = page.locator(f"#comment-{comment.pk}")
    assert item.locator(".comment__awaiting").inner_text() == (
        "Your comment is awaiting moderation."
    )
    assert item.locator(".comment__why").inner_text() == FIRST_TIME
    stranger = browser.new_context()
    other = stranger.new_page()
    other.goto(url)
    assert other.locator(f"#comment-{comment.pk}").count() == 0
    assert other.locator(".comment__why").count() == 0
    stranger.close()


def test_not_spam_on_the_desks_spam_view_restores_the_comment(live_server, page):
    host = UserFactory(username="hostess")
    user_role_set(user=host, role=roles.HOST)
    client = Client()
    client.force_login(host)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    post = PostFactory()
    spam = CommentFactory(
        post=post,
        author_name="Ann",
        status=Comment.Status.SPAM,
        body="My honest thoughts, caught by mistake.",
        moderation_reasons=[
            {"code": "spam", "message": "Looks like promotion.", "evidence": []}
        ],
    )

    page.goto(f"{live_server.url}/desk/")
    page.click(".desk-tabs >> text=Spam")
    page.wait_for_selector(f"#held-{spam.pk}")
    assert "Looks like promotion." in page.inner_text(f"#held-{spam.pk}")
    page.click(f"#held-{spam.pk} button[value=approve]")

    page.wait_for_selector(f"#held-{spam.pk}", state="detached")
    spam.refresh_from_db()
    assert spam.status == "approved"
    assert ModerationEvent.objects.get(comment=spam).action == "approve"
    assert ModerationExample.objects.get(comment=spam).label == "approve"
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    assert "My honest thoughts, caught by mistake." in page.inner_text(
        f"#comment-{spam.pk}"
    )
