"""Double opt-in subscriptions: asking, confirming, unsubscribing, and bad links."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from porch.comments.models import Subscription
from porch.comments.notifications import comment_approved, subscription_request
from tests.factories import CommentFactory, PostFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

READER = "reader.one@example.com"


@pytest.fixture
def post():
    return PostFactory(title="Walking beside the team")


def link_in(body: str, action: str) -> str:
    found = re.search(
        rf"http://testserver(/comments/subscriptions/{action}/\S+/)", body
    )
    assert found is not None, body
    return found.group(1)


def ask(post, **kwargs) -> Subscription:
    fields = {"email": READER, "name": "Ada", "kind": "post"} | kwargs
    return subscription_request(post=post, **fields)


def test_asking_stores_a_pending_subscription_and_emails_a_link(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = ask(post, email=" Reader.One@Example.com ")

    sub.refresh_from_db()
    assert (sub.email, sub.kind, sub.is_active) == (READER, "post", False)
    (message,) = mailoutbox
    assert message.to == [READER]
    assert message.subject == "Please confirm: emails about “Walking beside the team”"
    assert "new comments on this post" in message.body
    assert link_in(message.body, "confirm")
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_nothing_is_sent_to_a_pending_subscriber(post, mailoutbox):
    ask(post)
    mailoutbox.clear()
    comment_approved(comment_id=CommentFactory(post=post).pk)
    assert mailoutbox == []


def test_asking_again_within_the_hour_sends_nothing_more(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(post)
        ask(post)
        ask(post, kind="replies", comment=CommentFactory(post=post))
    assert len(mailoutbox) == 1
    assert Subscription.objects.pending().count() == 2

    with (
        time_machine.travel(timezone.now() + timedelta(minutes=61)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask(post)
    assert len(mailoutbox) == 2
    assert "replies to your comment" in mailoutbox[1].body


def test_one_link_confirms_every_pending_subscription_to_the_post(
    post, client, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author_email=READER)
    with django_capture_on_commit_callbacks(execute=True):
        ask(post)
        ask(post, kind="replies", comment=parent)
    other_post = ask(PostFactory())
    confirm = link_in(mailoutbox[0].body, "confirm")

    page = client.get(confirm)
    assert page.status_code == 200
    assert b"Yes, send me these emails" in page.content
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 0

    done = client.post(confirm)
    assert done.status_code == 200
    assert b"You're subscribed" in done.content
    active = Subscription.objects.active().order_by("pk")
    assert [(sub.kind, sub.comment_id) for sub in active] == [
        ("post", None),
        ("replies", parent.pk),
    ]
    other_post.refresh_from_db()
    assert other_post.is_active is False


def test_confirmed_subscriber_then_receives_comments(
    post, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(post)
    client.post(link_in(mailoutbox[0].body, "confirm"))
    mailoutbox.clear()

    comment_approved(comment_id=CommentFactory(post=post).pk)
    assert [message.to for message in mailoutbox] == [[READER]]


def test_confirming_needs_the_csrf_token(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(post)
    response = Client(enforce_csrf_checks=True).post(
        link_in(mailoutbox[0].body, "confirm")
    )
    assert response.status_code == 403
    assert not Subscription.objects.active().exists()


def test_an_expired_confirmation_link_changes_nothing(
    post, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(post)
    confirm = link_in(mailoutbox[0].body, "confirm")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(confirm)
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert not Subscription.objects.active().exists()


@pytest.mark.parametrize("action", ["confirm", "unsubscribe"])
def test_a_forged_link_is_not_found_and_changes_nothing(post, client, action):
    sub = SubscriptionFactory(post=post, confirmed_at=None)
    response = client.post(f"/comments/subscriptions/{action}/{sub.token}:forged/")
    assert response.status_code == 404
    sub.refresh_from_db()
    assert (sub.confirmed_at, sub.unsubscribed_at) == (None, None)


def test_a_confirmation_link_cannot_unsubscribe(
    post, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(post)
    signed = link_in(mailoutbox[0].body, "confirm").split("/")[-2]
    response = client.post(f"/comments/subscriptions/unsubscribe/{signed}/")
    assert response.status_code == 404
    assert Subscription.objects.get().unsubscribed_at is None


def test_unsubscribe_page_asks_first_then_one_click_post_works_without_csrf(
    post, client, mailoutbox
):
    sub = SubscriptionFactory(post=post, email=READER)
    comment_approved(comment_id=CommentFactory(post=post).pk)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://testserver")

    page = client.get(path)
    assert page.status_code == 200
    assert b"Stop these emails?" in page.content
    sub.refresh_from_db()
    assert sub.is_active

    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert b"You're unsubscribed" in response.content
    sub.refresh_from_db()
    assert sub.is_active is False

    mailoutbox.clear()
    comment_approved(comment_id=CommentFactory(post=post).pk)
    assert mailoutbox == []
    assert mail_provider.post(path).status_code == 200  # twice is harmless


def test_asking_again_after_unsubscribing_needs_a_new_confirmation(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(post=post, email=READER, unsubscribed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        sub = ask(post)
    assert (sub.confirmed_at, sub.unsubscribed_at) == (None, None)
    assert Subscription.objects.count() == 1
    assert len(mailoutbox) == 1


def test_an_active_subscriber_asking_again_gets_no_email(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(post=post, email=READER)
    with django_capture_on_commit_callbacks(execute=True):
        sub = ask(post)
    assert sub.is_active
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"email": "not an address"}, "email"),
        ({"kind": "everything"}, "kind"),
        ({"kind": "replies"}, "__all__"),
    ],
)
def test_a_bad_request_is_refused_and_stores_nothing(
    post, mailoutbox, django_capture_on_commit_callbacks, fields, error_field
):
    with (
        pytest.raises(ValidationError) as refused,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask(post, **fields)
    assert error_field in refused.value.message_dict
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_replies_to_a_comment_on_another_post_are_refused(post, mailoutbox):
    elsewhere = CommentFactory()
    with pytest.raises(ValidationError, match="another post"):
        ask(post, kind="replies", comment=elsewhere)
    assert not Subscription.objects.exists()
