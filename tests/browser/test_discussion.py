"""The reply form moving, cancel reply, and a nested reply posted through the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from porch.comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def thread():
    post = PostFactory(title="Walking beside the team")
    parent = CommentFactory(post=post, author_name="Dana Black", body="Well said.")
    return post, parent


def submit_as_a_person(page):
    # The form refuses posts under 3 s after it was shown (a bot trap); a person
    # takes longer than Playwright, so the clock moves on as theirs would.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        page.click("#commentform button[type=submit]")
        page.wait_for_load_state()


def test_reply_moves_the_form_and_cancel_puts_it_back(live_server, page, thread):
    post, parent = thread
    page.goto(f"{live_server.url}{post.get_absolute_url()}")

    page.click(f"#comment-{parent.pk} .comment-reply-link")

    assert page.inner_text("#reply-title-text") == "Leave a Reply to Dana Black"
    assert (
        page.eval_on_selector("#respond", "el => el.previousElementSibling.id")
        == f"div-comment-{parent.pk}"
    )
    assert page.input_value("#comment-parent") == str(parent.pk)
    assert page.evaluate("document.activeElement.id") == "id_body"
    page.wait_for_function(
        "document.getElementById('reply-announcer').textContent.includes('Dana Black')"
    )

    page.click("#cancel-comment-reply-link")

    assert page.inner_text("#reply-title-text") == "Leave a Reply"
    assert (
        page.eval_on_selector("#respond", "el => el.previousElementSibling.id")
        == "respond-home"
    )
    assert page.input_value("#comment-parent") == ""
    assert page.is_hidden("#cancel-comment-reply-link")


def test_nested_reply_posted_through_the_form_appears_under_its_parent(
    live_server, page, thread
):
    post, parent = thread
    CommentFactory(author_email="eve@example.com")  # Eve is a known commenter
    page.goto(f"{live_server.url}{post.get_absolute_url()}")

    page.click(f"#comment-{parent.pk} .comment-reply-link")
    page.fill("#id_body", "Walking beside beats walking ahead.")
    page.fill("#id_name", "Eve")
    page.fill("#id_email", "eve@example.com")
    submit_as_a_person(page)

    reply = Comment.objects.get(parent=parent)
    page.wait_for_selector(f"#comment-{reply.pk}")
    nested = page.locator(f"#comment-{parent.pk} > ol.children > #comment-{reply.pk}")
    assert nested.count() == 1
    assert "Walking beside beats walking ahead." in nested.inner_text()


def test_reply_without_javascript_renders_the_form_for_that_reply(
    live_server, browser, thread
):
    post, parent = thread
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{post.get_absolute_url()}")
        page.click(f"#comment-{parent.pk} .comment-reply-link")
        assert page.inner_text("#reply-title-text") == "Leave a Reply to Dana Black"
        page.fill("#id_body", "No scripts needed here.")
        page.fill("#id_name", "Fay")
        page.fill("#id_email", "fay@example.com")
        submit_as_a_person(page)
        reply = Comment.objects.get(parent=parent)
        page.wait_for_selector(f"#comment-{reply.pk}")
        assert "Your comment is awaiting moderation." in page.inner_text(
            f"#comment-{reply.pk}"
        )
    finally:
        context.close()
