"""The admin's comment and block-rule pages: every change goes through the desk's
services, so it reaches the page and the audit log as it does from the desk."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, comment_submit
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import (
    CommentFactory,
    PostFactory,
    SubscriptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def change_form_data(comment: Comment, **changes: object) -> dict[str, object]:
    data = model_to_dict(
        comment,
        fields=["post", "parent", "kind", "author_name", "author_email", "author_url"],
    )
    data = {key: "" if value is None else value for key, value in data.items()}
    return {**data, "user": "", "body": comment.body, **changes}


def test_admin_body_edit_shows_on_the_page_and_is_logged(client):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(body="Call me on 555 0100.")
    client.force_login(host)

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        change_form_data(comment, body="Call me (number removed)."),
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p>Call me (number removed).</p>\n"
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "555 0100" not in page
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.action, event.actor, event.text_before, event.text_after) == (
        "edit",
        host,
        "Call me on 555 0100.",
        "Call me (number removed).",
    )


def test_admin_save_without_a_body_change_logs_nothing(client):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(body="Unchanged words.")
    client.force_login(host)

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        change_form_data(comment, author_name="Renamed"),
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.author_name, comment.body_html) == (
        "Renamed",
        "<p>Unchanged words.</p>\n",
    )
    assert not ModerationEvent.objects.filter(comment=comment).exists()


def test_admin_cannot_move_a_comment_to_another_post_or_thread(client):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(body="Stays put.")
    elsewhere = CommentFactory()
    client.force_login(host)

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        change_form_data(comment, post=elsewhere.post_id, parent=elsewhere.pk),
    )

    assert response.status_code == 302
    moved = Comment.objects.get(pk=comment.pk)
    assert (moved.post_id, moved.parent_id, moved.path) == (
        comment.post_id,
        None,
        comment.path,
    )


def person_with_role(role):
    user = UserFactory()
    return user_role_set(user=user, role=role)


def submit(post):
    author = CommentAuthor(name="Bea Holm", email="bea@tern.example")
    body = "Stepping back last spring let my team surprise me."
    return comment_submit(
        post=post, author=author, body=body, parent_id=None, ip="198.51.100.23"
    )


def test_admin_lists_the_audit_log_read_only_and_adds_block_rules(client):
    host = person_with_role(roles.HOST)
    submit(PostFactory())
    client.force_login(host)

    log = client.get(reverse("admin:moderation_moderationevent_changelist"))
    add_event = client.get(reverse("admin:moderation_moderationevent_add"))
    added = client.post(
        reverse("admin:moderation_blockrule_add"),
        {"kind": "domain", "value": "@Spam.Example", "reason": "link drops"},
    )

    assert (log.status_code, add_event.status_code, added.status_code) == (
        200,
        403,
        302,
    )
    assert "held automatically" in log.content.decode()
    rule = BlockRule.objects.get()
    assert (rule.value, rule.created_by) == ("spam.example", host)


def test_admin_actions_leave_the_same_trail_as_the_desk(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    host = person_with_role(roles.HOST)
    post = PostFactory()
    SubscriptionFactory(post=post, email="follower@example.org")
    kept, dropped = (
        CommentFactory(post=post, status=Comment.Status.PENDING) for _ in range(2)
    )
    client.force_login(host)
    changelist = reverse("admin:comments_comment_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        for action, comment in (("approve", kept), ("mark_spam", dropped)):
            response = client.post(
                changelist, {"action": action, "_selected_action": [comment.pk]}
            )
            assert response.status_code == 302

    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == ("approved", "spam")
    events = ModerationEvent.objects.order_by("pk").values_list(
        "comment_id", "action", "actor"
    )
    assert list(events) == [
        (kept.pk, "approve", host.pk),
        (dropped.pk, "spam", host.pk),
    ]
    labels = ModerationExample.objects.order_by("pk").values_list("label", flat=True)
    assert list(labels) == ["approve", "spam"]
    assert [m.to for m in mailoutbox if "follower" in m.to[0]] == [
        ["follower@example.org"]
    ]


def block_events():
    rows = ModerationEvent.objects.order_by("pk")
    return list(rows.values_list("action", "actor", "reasons"))


def test_block_rules_added_changed_and_deleted_in_the_admin_are_audited(client):
    host = person_with_role(roles.HOST)
    client.force_login(host)
    add = reverse("admin:moderation_blockrule_add")
    client.post(add, {"kind": "email", "value": "a@spam.example", "reason": "links"})
    rule = BlockRule.objects.get()
    change = reverse("admin:moderation_blockrule_change", args=[rule.pk])
    edit = {"kind": "email", "value": "b@spam.example", "reason": "more links"}
    changed = client.post(change, edit)
    delete = reverse("admin:moderation_blockrule_delete", args=[rule.pk])
    deleted = client.post(delete, {"post": "yes"})

    assert (changed.status_code, deleted.status_code) == (302, 302)
    assert not BlockRule.objects.exists()
    reason = [{"code": "block:email", "message": "more links", "evidence": []}]
    assert block_events() == [
        (
            "block",
            host.pk,
            [{"code": "block:email", "message": "links", "evidence": []}],
        ),
        ("block_change", host.pk, reason),
        ("unblock", host.pk, reason),
    ]


def test_block_rules_deleted_in_bulk_in_the_admin_are_each_audited(client):
    host = person_with_role(roles.HOST)
    client.force_login(host)
    rules = [
        BlockRule.objects.create(kind="domain", value=domain)
        for domain in ("one.example", "two.example")
    ]

    response = client.post(
        reverse("admin:moderation_blockrule_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [rule.pk for rule in rules],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not BlockRule.objects.exists()
    assert [(action, actor) for action, actor, _ in block_events()] == [
        ("unblock", host.pk),
        ("unblock", host.pk),
    ]
