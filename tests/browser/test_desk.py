"""The moderator's desk in Chromium: keyboard actions and bulk spam by checkbox."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from porch.comments.models import Comment
from porch.moderation.models import ModerationEvent
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def held(post, risk, name):
    return CommentFactory(
        post=post,
        author_name=name,
        status=Comment.Status.PENDING,
        moderation_risk=risk,
        moderation_scores={"offensive": 0.0, "spam": risk, "off_topic": 0.0},
        moderation_reasons=[{"code": "spam", "message": "Looks like promotion.",
                             "evidence": ["cheap"]}],
        body=f"{name} says: cheap watches here.",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _jobs_queued_not_run(settings):
    """The desk's decisions queue the adapter's refit as in production, instead of
    running it inside the request as the test settings' immediate backend would (a
    refit with the sentence model once held the bulk action past 30 s in CI)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def desk_page(live_server, page):
    """The page, logged in as the host, and a function that opens the desk."""
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

    def open_desk() -> None:
        page.goto(f"{live_server.url}/desk/")

    return open_desk


def test_key_press_approves_the_riskiest_comment_without_a_reload(
    desk_page, page, screenshot
):
    post = PostFactory()
    riskiest, next_one = held(post, 0.95, "Ann"), held(post, 0.40, "Ben")
    desk_page()
    assert page.is_visible("#desk-help")
    screenshot("desk-queue")

    page.keyboard.press("a")

    page.wait_for_selector(f"#held-{riskiest.pk}", state="detached")
    riskiest.refresh_from_db()
    next_one.refresh_from_db()
    assert (riskiest.status, next_one.status) == ("approved", "pending")
    assert ModerationEvent.objects.get(comment=riskiest).action == "approve"
    assert page.inner_text(".desk-tabs [data-pending-count]") == "1"
    assert page.get_attribute(f"#held-{next_one.pk}", "aria-current") == "true"
    assert page.text_content("#desk-announcer") == "Approved: the comment by Ann."


def test_keys_move_and_select_then_bulk_spam(desk_page, page):
    post = PostFactory()
    first, second, third = (
        held(post, 0.9, "Ann"),
        held(post, 0.8, "Ben"),
        held(post, 0.7, "Cy"),
    )
    desk_page()
    page.bring_to_front()  # keys go to the page that has the focus
    page.wait_for_selector(".desk-item.is-current")  # the desk's script is running

    page.keyboard.press("x")  # select the first
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")  # and the third
    page.wait_for_function(
        "document.querySelectorAll('input.desk-select:checked').length === 2"
    )
    # Click, then wait for the page the form's redirect lands on: a failed click
    # says so itself (inside expect_navigation it only showed as a navigation timeout).
    page.click("#desk-bulk button[value=spam]")
    page.wait_for_selector("text=Marked as spam: 2 comments.", timeout=30_000)

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "spam", second.pk: "pending", third.pk: "spam"}
    assert "Marked as spam: 2 comments." in page.inner_text("main")
    assert page.locator(".desk-item").count() == 1


def test_checkboxes_select_for_bulk_spam_by_mouse(desk_page, page):
    post = PostFactory()
    comments = [held(post, 0.9, "Ann"), held(post, 0.8, "Ben")]
    desk_page()

    page.check("#desk-select-all")
    page.click("#desk-bulk button[value=spam]")
    page.wait_for_selector("text=Nothing is waiting.", timeout=30_000)

    assert {
        c.status for c in Comment.objects.filter(pk__in=[c.pk for c in comments])
    } == {"spam"}
    assert "Nothing is waiting." in page.inner_text("main")


def test_reply_key_opens_the_reply_form_and_escape_closes_it(desk_page, page):
    comment = held(PostFactory(), 0.9, "Ann")
    desk_page()

    page.keyboard.press("r")

    assert page.evaluate("document.activeElement.id") == f"reply-{comment.pk}"
    page.keyboard.type("a s o t")  # typing in the form triggers no action
    page.keyboard.press("Escape")
    assert not page.eval_on_selector(
        f"#held-{comment.pk} details.desk-reply", "el => el.open"
    )
    comment.refresh_from_db()
    assert comment.status == "pending"
