"""Moderator actions, the automatic verdict's audit trail, bot traps and blocks."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from porch.blog.access import user_may_moderate
from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, comment_submit
from porch.core.models import SiteSettings
from porch.desk.errors import ModerationRefusedError
from porch.desk.services.blocks import commenter_block
from porch.desk.services.comments import comment_edit_by_moderator, comment_moderate
from porch.desk.services.spam import spam_purge
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from porch.moderation.rules import form_token_make
from porch.people import roles
from porch.people.services import user_role_set
from tests.comments.helpers import form_started
from tests.factories import (
    CommentFactory,
    PostFactory,
    SubscriptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BEA = CommentAuthor(name="Bea Holm", email="bea@tern.example")
KIND_WORDS = "Stepping back last spring let my team surprise me."


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    cache.clear()


def person_with_role(role):
    user = UserFactory()
    return user_role_set(user=user, role=role)


def submit(post, body=KIND_WORDS, author=BEA, ip="198.51.100.23", **extra):
    return comment_submit(
        post=post, author=author, body=body, parent_id=None, ip=ip, **extra
    )


def test_new_comment_verdict_is_stored_and_logged_as_automatic():
    comment = submit(PostFactory())

    event = ModerationEvent.objects.get(comment=comment)
    assert comment.status == Comment.Status.PENDING
    assert [r["code"] for r in comment.moderation_reasons] == ["first_time"]
    assert set(comment.moderation_scores) == {"offensive", "spam", "off_topic"}
    assert (event.action, event.actor, event.text_snapshot) == (
        "auto_hold",
        None,
        KIND_WORDS,
    )
    assert event.reasons == comment.moderation_reasons


def test_post_authors_own_comment_is_approved_as_trusted():
    user = UserFactory()
    post = PostFactory(author__user=user)
    settings_set(moderation_manual_approval=True)

    comment = submit(post, author=CommentAuthor("The author", user.email, user=user))

    assert comment.status == Comment.Status.APPROVED
    assert ModerationEvent.objects.get(comment=comment).action == "auto_approve"
    assert comment.moderation_reasons[0]["code"] == "trusted"


def test_disallowed_word_in_the_name_sends_to_spam():
    settings_set(moderation_disallowed_words="casino")

    comment = submit(PostFactory(), author=CommentAuthor("Casino Bonus", "c@x.example"))

    assert comment.status == Comment.Status.SPAM
    assert comment.moderation_reasons[0] == {
        "code": "rule:disallowed_words",
        "message": "Contains a disallowed word.",
        "evidence": ["casino (in name)"],
    }


@pytest.mark.parametrize(
    ("role", "own", "guests_allowed", "expected"),
    [
        (roles.HOST, False, True, True),
        (roles.EDITOR, False, True, True),
        (roles.AUTHOR, True, True, True),
        (roles.AUTHOR, False, True, False),
        (roles.GUEST_CONTRIBUTOR, True, True, True),
        (roles.GUEST_CONTRIBUTOR, True, False, False),
        (roles.GUEST_CONTRIBUTOR, False, True, False),
    ],
)
def test_who_may_moderate(role, own, guests_allowed, expected):
    settings_set(moderation_guest_authors_moderate=guests_allowed)
    user = person_with_role(role)
    post = PostFactory(author__user=user) if own else PostFactory()

    assert user_may_moderate(user, post) is expected


def test_guest_author_cannot_moderate_another_authors_post_and_nothing_changes():
    guest = person_with_role(roles.GUEST_CONTRIBUTOR)
    PostFactory(author__user=guest)
    comment = CommentFactory(status=Comment.Status.PENDING)

    with pytest.raises(ModerationRefusedError):
        comment_moderate(comment=comment, actor=guest, action="spam")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModerationEvent.objects.exists()
    assert not ModerationExample.objects.exists()


def test_approve_logs_keeps_an_example_and_tells_subscribers(
    mailoutbox, django_capture_on_commit_callbacks
):
    editor = person_with_role(roles.EDITOR)
    post = PostFactory(title="Walking beside")
    parent = CommentFactory(post=post, author_name="Tom", body="Stepping back works.")
    comment = CommentFactory(post=post, parent=parent, status=Comment.Status.PENDING)
    SubscriptionFactory(post=post, email="follower@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, actor=editor, action="approve")

    comment.refresh_from_db()
    event = ModerationEvent.objects.get(comment=comment)
    example = ModerationExample.objects.get(comment=comment)
    assert comment.status == Comment.Status.APPROVED
    assert (event.action, event.actor) == ("approve", editor)
    assert (example.label, example.text, example.actor) == (
        "approve",
        comment.body,
        editor,
    )
    assert (example.post_title, example.parent_text, example.parent_author_name) == (
        "Walking beside",
        "Stepping back works.",
        "Tom",
    )
    assert [message.to for message in mailoutbox] == [["follower@example.org"]]


@pytest.mark.parametrize(
    ("action", "status", "label"),
    [
        ("spam", "spam", "spam"),
        ("remove_offensive", "removed", "offensive"),
        ("remove_off_topic", "removed", "off_topic"),
        ("remove", "removed", "remove"),
    ],
)
def test_each_decision_sets_status_and_label(action, status, label):
    host = person_with_role(roles.HOST)
    comment = CommentFactory(status=Comment.Status.PENDING)

    comment_moderate(comment=comment, actor=host, action=action, note="see policy")

    comment.refresh_from_db()
    event = ModerationEvent.objects.get(comment=comment)
    assert comment.status == status
    assert ModerationExample.objects.get(comment=comment).label == label
    assert event.reasons == [
        {"code": "moderator", "message": "see policy", "evidence": []}
    ]


def test_unknown_action_is_refused():
    comment = CommentFactory(status=Comment.Status.PENDING)

    with pytest.raises(ModerationRefusedError, match="Unknown moderation action"):
        comment_moderate(
            comment=comment, actor=person_with_role(roles.HOST), action="x"
        )

    assert not ModerationEvent.objects.exists()


def test_moderator_edit_keeps_before_and_after():
    host = person_with_role(roles.HOST)
    comment = CommentFactory(body="Visit my shop at https://cheap.example now")

    comment_edit_by_moderator(comment=comment, actor=host, body="Visit my shop.")

    event = ModerationEvent.objects.get(comment=comment)
    assert (event.action, event.text_before, event.text_after) == (
        "edit",
        "Visit my shop at https://cheap.example now",
        "Visit my shop.",
    )
    assert comment.body_html == "<p>Visit my shop.</p>\n"
    assert not ModerationExample.objects.exists()


def test_removal_email_names_the_rule_only_when_the_host_turned_it_on(
    smtp_server, django_capture_on_commit_callbacks
):
    host = person_with_role(roles.HOST)
    post = PostFactory(title="Walking beside", comment_policy="Stay on topic.")
    quiet = CommentFactory(post=post, author_email="quiet@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=quiet, actor=host, action="remove_off_topic")
    settings_set(moderation_email_commenter_on_removal=True)
    told = CommentFactory(post=post, author_email="told@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=told, actor=host, action="remove_off_topic")

    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["told@example.org"]]
    text = smtp_server.envelopes[0].content.decode()
    assert "was removed because it was off-topic." in text
    assert "Stay on topic." in text
    # Greeted by no name: the one on the comment was typed by whoever wrote it.
    assert "Hello," in text
    assert quiet.author_name not in text
    assert told.author_name not in text


def test_block_by_email_with_expiry_sends_to_spam_until_it_expires():
    host = person_with_role(roles.HOST)
    post = PostFactory()
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        commenter_block(
            actor=host,
            kind="email",
            value=" Bea@Tern.example ",
            reason="link drops",
            expires_at=timezone.now() + timedelta(days=1),
        )
        blocked = submit(post)
    with time_machine.travel("2026-03-03 09:01Z", tick=False):
        later = submit(post, body="A second, kinder thought.")

    assert BlockRule.objects.get().value == "bea@tern.example"
    assert blocked.status == Comment.Status.SPAM
    assert blocked.moderation_reasons[0]["evidence"] == ["email address: link drops"]
    assert later.status == Comment.Status.PENDING
    assert ModerationEvent.objects.filter(action="block", actor=host).count() == 1


def test_block_ip_range_from_a_comment_uses_its_stored_network():
    host = person_with_role(roles.HOST)
    comment = CommentFactory(ip="203.0.113.0")

    rule = commenter_block(actor=host, kind="ip", comment=comment)
    again = submit(comment.post, ip="203.0.113.77")

    assert rule.value == "203.0.113.0/24"
    assert again.status == Comment.Status.SPAM


def test_bad_block_value_is_refused_and_nothing_is_stored():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        commenter_block(actor=person_with_role(roles.HOST), kind="ip", value="nope")

    assert not BlockRule.objects.exists()
    assert not ModerationEvent.objects.exists()


def test_author_cannot_block_without_a_comment_on_their_post():
    author = person_with_role(roles.AUTHOR)
    comment = CommentFactory()

    with pytest.raises(ModerationRefusedError):
        commenter_block(actor=author, kind="email", comment=comment)
    with pytest.raises(ModerationRefusedError):
        commenter_block(actor=author, kind="domain", value="tern.example")

    assert not BlockRule.objects.exists()


def test_spam_older_than_retention_is_emptied_and_history_kept():
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        old = CommentFactory(status=Comment.Status.SPAM, body="Cheap pills.")
        ModerationEvent.objects.create(comment=old, action="auto_spam")
    with time_machine.travel("2026-01-20 12:00Z", tick=False):
        recent = CommentFactory(status=Comment.Status.SPAM)
        shown = CommentFactory(status=Comment.Status.APPROVED)

    with time_machine.travel("2026-02-01 12:00Z", tick=False):
        assert spam_purge() == 1

    assert set(Comment.objects.values_list("pk", flat=True)) == {recent.pk, shown.pk}
    history = ModerationEvent.objects.filter(comment_id=old.pk)
    assert sorted(history.values_list("action", "text_snapshot")) == [
        ("auto_spam", ""),
        ("purge", "Cheap pills."),
    ]


FORM = {
    "name": "Bea Holm",
    "email": "bea@tern.example",
    "body": KIND_WORDS,
    "started": form_started(),
}


def post_form(client, post, **extra):
    return client.post(reverse("comments:create", args=[post.slug]), {**FORM, **extra})


def test_form_shows_the_hidden_trap_fields(client):
    post = PostFactory()

    page = client.get(post.get_absolute_url()).content.decode()

    assert 'name="started"' in page
    assert 'aria-hidden="true"><label for="id_homepage">' in page
    assert 'tabindex="-1"' in page


def test_filled_honeypot_goes_to_spam_but_keeps_the_comment(client):
    post = PostFactory()
    started = form_token_make(timezone.now() - timedelta(minutes=2))

    post_form(client, post, started=started, homepage="https://cheap.example")

    comment = Comment.objects.get()
    assert (comment.status, comment.body) == (Comment.Status.SPAM, KIND_WORDS)
    assert comment.moderation_reasons[0]["code"] == "rule:honeypot"


def test_form_posted_within_seconds_goes_to_spam_and_a_patient_one_waits(client):
    post = PostFactory()
    shown = timezone.now()
    started = form_token_make(shown)
    with time_machine.travel(shown + timedelta(seconds=1), tick=False):
        post_form(client, post, started=started)
    with time_machine.travel(shown + timedelta(minutes=5), tick=False):
        post_form(client, post, started=started, body="Second thought, later.")

    fast, patient = Comment.objects.order_by("pk")
    assert fast.status == Comment.Status.SPAM
    assert fast.moderation_reasons[0]["code"] == "rule:form_timing"
    assert patient.status == Comment.Status.PENDING
    assert [r["code"] for r in patient.moderation_reasons] == ["first_time"]
