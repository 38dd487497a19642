"""Who is emailed about a comment, what the email holds, and how it travels."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from porch.comments.models import Comment, Subscription
from porch.comments.notifications import comment_approved, comment_submitted
from porch.core.models import SiteSettings
from porch.desk.services.comments import comment_moderate
from tests.comments.helpers import form_started
from tests.factories import (
    CommentFactory,
    PostFactory,
    SubscriptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
HOST = "host@porch.example"
AUTHOR = "guest.writer@example.net"
READER = "reader.one@example.com"


@pytest.fixture
def post():
    UserFactory(username="dan", email=HOST, is_superuser=True, is_staff=True)
    return PostFactory(title="Walking beside the team", author__email=AUTHOR)


def recipients(mailoutbox) -> list[list[str]]:
    return [message.to for message in mailoutbox]


def addresses_in(message) -> set[str]:
    """Every address in the raw message but its Message-ID (the sending host's name)."""
    raw = message.message()
    del raw["Message-ID"]
    return set(ADDRESS.findall(raw.as_string()))


def test_new_comment_emails_author_and_host_with_a_link_to_moderate(post, mailoutbox):
    comment = CommentFactory(
        post=post,
        author_name="Ada",
        author_email=READER,
        body="This made me *think*.",
        status=Comment.Status.PENDING,
    )
    comment_submitted(comment_id=comment.pk)

    assert recipients(mailoutbox) == [[AUTHOR], [HOST]]
    to_author, to_host = mailoutbox
    assert to_author.subject == "New comment on “Walking beside the team” from Ada"
    assert "This made me *think*." in to_author.body
    assert "<em>think</em>" in to_author.alternatives[0].content
    assert "waiting for your review" in to_author.body
    # Every link opens for its reader: the author has no account, so no admin link;
    # the host, a moderator, is sent to the desk filtered to the post.
    assert "/admin/" not in to_author.body
    assert "/admin/" not in to_author.alternatives[0].content
    desk = f"http://testserver/desk/?post={post.pk}#held-{comment.pk}"
    assert desk in to_host.body


def test_an_approved_comments_notice_links_the_admin_for_the_host_only(
    post, mailoutbox
):
    comment = CommentFactory(post=post, status=Comment.Status.APPROVED)
    comment_submitted(comment_id=comment.pk)

    to_author, to_host = mailoutbox
    moderate = f"http://testserver/admin/comments/comment/{comment.pk}/change/"
    assert moderate in to_host.body
    assert moderate in to_host.alternatives[0].content
    assert "/admin/" not in to_author.body
    assert "Approve, edit or remove it" not in to_author.alternatives[0].content


def test_each_staff_notice_follows_its_own_setting(post, mailoutbox):
    site = SiteSettings.current()
    site.notify_author_on_comment = False
    site.save()
    comment_submitted(comment_id=CommentFactory(post=post).pk)
    assert recipients(mailoutbox) == [[HOST]]

    mailoutbox.clear()
    site.notify_author_on_comment, site.notify_host_on_comment = True, False
    site.save()
    comment_submitted(comment_id=CommentFactory(post=post).pk)
    assert recipients(mailoutbox) == [[AUTHOR]]


def test_nobody_is_told_about_their_own_comment(post, mailoutbox):
    comment = CommentFactory(post=post, author_email=HOST.upper())
    comment_submitted(comment_id=comment.pk)
    assert recipients(mailoutbox) == [[AUTHOR]]


def test_spam_needs_no_moderation_email(post, mailoutbox):
    comment = CommentFactory(post=post, status=Comment.Status.SPAM)
    comment_submitted(comment_id=comment.pk)
    assert mailoutbox == []


def test_an_approved_comment_goes_to_confirmed_subscribers_only(post, mailoutbox):
    site = SiteSettings.current()
    site.notify_author_on_comment = site.notify_host_on_comment = False
    site.save()
    SubscriptionFactory(post=post, email="follower@example.org")
    SubscriptionFactory(post=post, email="pending@example.org", confirmed_at=None)
    SubscriptionFactory(
        post=post, email="gone@example.org", unsubscribed_at=post.created_at
    )
    SubscriptionFactory(post=post, email=READER)  # the writer: not sent their own
    SubscriptionFactory(email="elsewhere@example.org")  # another post's follower

    comment = CommentFactory(post=post, author_name="Ada", author_email=READER)
    comment_submitted(comment_id=comment.pk)

    assert recipients(mailoutbox) == [["follower@example.org"]]
    assert mailoutbox[0].subject == "New comment on “Walking beside the team”"
    assert f"http://testserver{comment.get_absolute_url()}" in mailoutbox[0].body


def test_a_held_comment_reaches_subscribers_only_once_approved(post, mailoutbox):
    SubscriptionFactory(post=post, email="follower@example.org")
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    comment_submitted(comment_id=comment.pk)
    assert recipients(mailoutbox) == [[AUTHOR], [HOST]]

    mailoutbox.clear()
    comment_approved(comment_id=comment.pk)  # still pending: nothing to tell
    assert mailoutbox == []
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    comment_approved(comment_id=comment.pk)
    assert recipients(mailoutbox) == [["follower@example.org"]]


def test_a_reply_reaches_the_parent_writer_once(post, mailoutbox):
    parent = CommentFactory(post=post, author_name="Ada", author_email=READER)
    SubscriptionFactory(post=post, email=READER, kind="replies", comment=parent)
    SubscriptionFactory(post=post, email=READER)  # also follows the whole post
    SubscriptionFactory(post=post, email="follower@example.org")
    reply = CommentFactory(post=post, parent=parent, author_name="Grace")

    comment_approved(comment_id=reply.pk)

    assert recipients(mailoutbox) == [[READER], ["follower@example.org"]]
    assert mailoutbox[0].subject == "Grace replied to you on “Walking beside the team”"
    assert "Someone answered your comment" in mailoutbox[0].body


def test_a_reply_does_not_reach_a_parent_writer_who_did_not_ask(post, mailoutbox):
    parent = CommentFactory(post=post, author_email=READER)
    SubscriptionFactory(
        post=post, email=READER, kind="replies", comment=parent, confirmed_at=None
    )
    comment_approved(comment_id=CommentFactory(post=post, parent=parent).pk)
    assert mailoutbox == []


def test_every_email_carries_one_click_unsubscribe_and_no_other_address(
    post, mailoutbox
):
    parent = CommentFactory(post=post, author_email=READER)
    SubscriptionFactory(post=post, email=READER, kind="replies", comment=parent)
    SubscriptionFactory(post=post, email="follower@example.org")
    reply = CommentFactory(post=post, parent=parent, author_email="writer@example.com")
    comment_submitted(comment_id=reply.pk)

    assert len(mailoutbox) == 4
    for message in mailoutbox:
        (recipient,) = message.to
        assert (message.cc, message.bcc, message.reply_to) == ([], [], [])
        assert addresses_in(message) == {recipient, "porch@localhost"}
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link.startswith("http://testserver/comments/subscriptions/unsubscribe/")
        assert link in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )


def test_one_click_unsubscribe_from_a_staff_notice_stops_that_post(
    post, client, mailoutbox
):
    comment_submitted(comment_id=CommentFactory(post=post).pk)
    host_notice = mailoutbox[1]
    link = host_notice.extra_headers["List-Unsubscribe"].strip("<>")
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    mailoutbox.clear()
    comment_submitted(comment_id=CommentFactory(post=post).pk)
    assert recipients(mailoutbox) == [[AUTHOR]]
    comment_submitted(comment_id=CommentFactory().pk)  # another post: still told
    assert recipients(mailoutbox)[-1] == [HOST]


def test_notification_is_delivered_through_a_real_smtp_server(post, smtp_server):
    SubscriptionFactory(post=post, email="follower@example.org")
    comment = CommentFactory(post=post, author_email=READER, body="Seen from afar.")
    comment_submitted(comment_id=comment.pk)

    envelopes = smtp_server.envelopes
    assert [envelope.rcpt_tos for envelope in envelopes] == [
        [AUTHOR],
        [HOST],
        ["follower@example.org"],
    ]
    assert {envelope.mail_from for envelope in envelopes} == {"porch@localhost"}
    received: Message = message_from_bytes(envelopes[2].content)
    assert received["To"] == "follower@example.org"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        received["List-Unsubscribe"]
        .strip()
        .startswith("<http://testserver/comments/subscriptions/unsubscribe/")
    )
    assert READER not in envelopes[2].content.decode()


# transaction=True: the worker closes connections left inside a transaction, as it
# should in production, so the jobs are committed for real here.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_jobs_wait_in_the_database_until_a_worker_runs_them(post, mailoutbox):
    comment = CommentFactory(post=post)
    comment_submitted(comment_id=comment.pk)

    waiting = DBTaskResult.objects.filter(status="READY")
    assert sorted(waiting.values_list("task_path", flat=True)) == [
        "porch.comments.tasks.comment_staff_notify",
        "porch.comments.tasks.comment_subscribers_notify",
    ]
    assert mailoutbox == []

    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )

    assert recipients(mailoutbox) == [[AUTHOR], [HOST]]
    assert sorted(DBTaskResult.objects.values_list("status", "return_value")) == [
        ("SUCCESSFUL", 0),
        ("SUCCESSFUL", 2),
    ]


def test_moderate_link_opens_the_comment_in_the_admin(post, client, mailoutbox):
    comment_submitted(comment_id=CommentFactory(post=post).pk)
    link = re.search(r"Approve, edit or remove it: (\S+)", mailoutbox[1].body)
    assert link is not None
    path = link.group(1).removeprefix("http://testserver")
    assert path == reverse(
        "admin:comments_comment_change", args=[Comment.objects.get().pk]
    )


def test_the_whole_road_through_the_comment_form(
    post, client, mailoutbox, django_capture_on_commit_callbacks
):
    host = get_user_model().objects.get(email=HOST)
    form = {
        "name": "Ada",
        "email": READER,
        "body": "Walking beside works.",
        "started": form_started(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("comments:create", args=[post.slug]),
            {**form, "notify_post": "on", "notify_replies": "on"},
        )
    assert recipients(mailoutbox) == [[READER], [AUTHOR], [HOST]]
    confirm = re.search(r"http://testserver(\S+/confirm/\S+/)", mailoutbox[0].body)
    assert confirm is not None
    client.post(confirm.group(1))
    ada = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=ada, actor=host, action="approve")  # nobody to tell
    mailoutbox.clear()

    reply = {
        "name": "Grace",
        "email": "grace@example.com",
        "body": "Same here.",
        "started": form_started(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("comments:create", args=[post.slug]), {**reply, "parent": ada.pk}
        )
    with django_capture_on_commit_callbacks(execute=True):
        reply = Comment.objects.get(parent=ada)
        comment_moderate(comment=reply, actor=host, action="approve")

    assert recipients(mailoutbox) == [[AUTHOR], [HOST], [READER]]
    assert mailoutbox[2].subject == "Grace replied to you on “Walking beside the team”"
    assert "grace@example.com" not in mailoutbox[2].message().as_string()


def test_approving_a_comment_again_tells_its_subscribers_nothing_more(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    site = SiteSettings.current()
    site.notify_author_on_comment = site.notify_host_on_comment = False
    site.save()
    SubscriptionFactory(post=post, email="follower@example.org")
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    host = UserFactory(username="hostess", is_superuser=True, is_staff=True)

    for action in ("approve", "remove", "approve"):
        with django_capture_on_commit_callbacks(execute=True):
            comment_moderate(comment=comment, actor=host, action=action)

    assert recipients(mailoutbox) == [["follower@example.org"]]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_a_host_with_a_long_full_name_still_gets_the_notice(post, mailoutbox):
    UserFactory(
        username="long", email="long@porch.example", is_superuser=True,
        first_name="Bartholomew" * 7, last_name="Featherstonehaugh" * 4,
    )  # fmt: skip
    comment_submitted(comment_id=CommentFactory(post=post).pk)

    assert ["long@porch.example"] in recipients(mailoutbox)
    staff = Subscription.objects.get(email="long@porch.example")
    assert staff.name == ("Bartholomew" * 7 + " " + "Featherstonehaugh" * 4)[:100]
