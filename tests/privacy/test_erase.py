"""``porch privacy erase``: the commenter's comments anonymised in place or deleted,
and no copy of them left anywhere else."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from porch.comments.models import Comment, ConfirmedEmail, Subscription
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from porch.privacy.models import PrivacyRequest
from tests.factories import UserFactory
from tests.privacy.database_text import database_text
from tests.privacy.scene import (
    ADA_AGENT,
    ADA_EMAIL,
    ADA_IP,
    ADA_NAME,
    ADA_SITE,
    ADA_TEXTS,
    CHARLES_EMAIL,
    CHARLES_NAME,
    CHARLES_TEXTS,
    Scene,
    scene_build,
)

pytestmark = pytest.mark.django_db


def erase(email: str, *options: str) -> str:
    out = io.StringIO()
    call_command("privacy", "erase", email, *options, stdout=out)
    return out.getvalue()


def threads(scene: Scene) -> list[tuple[int, int | None, str]]:
    return list(
        Comment.objects.filter(post__in=[scene.post, scene.other_post])
        .order_by("pk")
        .values_list("pk", "parent_id", "path")
    )


def assert_charles_untouched(scene: Scene) -> None:
    for comment in (scene.charles_top, scene.charles_reply):
        stored = Comment.objects.get(pk=comment.pk)
        assert (stored.author_name, stored.author_email, stored.body) == (
            CHARLES_NAME,
            CHARLES_EMAIL,
            comment.body,
        )
    assert Subscription.objects.get().email == CHARLES_EMAIL
    assert ConfirmedEmail.objects.get().email == CHARLES_EMAIL
    texts = set(ModerationExample.objects.values_list("text", flat=True))
    assert texts == set(CHARLES_TEXTS.values())


def test_anonymising_keeps_the_thread_and_the_text_and_drops_the_writer(client):
    scene = scene_build()
    shape = threads(scene)
    page = scene.post.get_absolute_url()
    assert ADA_NAME in client.get(page).content.decode()  # now in the page cache

    said = erase("ada.LOVELACE@analytical.example")

    assert threads(scene) == shape
    for original in (scene.ada_top, scene.ada_reply, scene.ada_spam, scene.ada_edited):
        stored = Comment.objects.get(pk=original.pk)
        assert (stored.author_name, stored.author_email, stored.author_url) == (
            "Anonymous",
            "",
            "",
        )
        assert (stored.ip, stored.user_agent, stored.is_email_proven) == ("", "", False)
        assert (stored.body, stored.status) == (original.body, original.status)
    assert_charles_untouched(scene)
    assert not BlockRule.objects.exists()
    html = Client().get(page).content.decode()
    assert ADA_NAME not in html
    assert ADA_TEXTS["top"] in html
    # Her comment and her reply on this post.
    assert html.count('<b class="comment__author">Anonymous</b>') == 2
    assert said == (
        "Erased the commenter: 4 comment(s) found, 4 comment(s) anonymised, "
        "2 subscription(s) removed, 1 confirmed address(es) forgotten, "
        "1 block rule(s) on the address lifted, 4 audit event(s) emptied of the "
        "text, 3 moderation example(s) deleted, 1 example(s) quoting the text "
        "emptied.\n"
    )


def test_anonymising_leaves_no_name_email_ip_or_website_anywhere():
    scene_build()
    erase(ADA_EMAIL)

    dump = database_text().lower()
    for private in (
        ADA_EMAIL,
        ADA_NAME,
        ADA_SITE,
        ADA_IP,
        ADA_AGENT,
        "analytical.example",
    ):
        assert private.lower() not in dump
    # The text stays on the comment itself (as Markdown and as HTML), and there alone.
    assert dump.count(ADA_TEXTS["top"].lower()) == 2
    assert ADA_TEXTS["before_edit"].lower() not in dump


def test_deleting_keeps_replies_under_a_placeholder_and_leaves_no_trace(client):
    scene = scene_build()
    page = scene.post.get_absolute_url()
    client.get(page)

    said = erase(ADA_EMAIL, "--delete")

    placeholder = Comment.objects.get(pk=scene.ada_top.pk)
    assert (placeholder.status, placeholder.author_name, placeholder.body) == (
        "removed",
        "Anonymous",
        "(erased)",
    )
    assert Comment.objects.get(pk=scene.charles_reply.pk).parent_id == placeholder.pk
    gone = [scene.ada_reply.pk, scene.ada_spam.pk, scene.ada_edited.pk]
    assert not Comment.objects.filter(pk__in=gone).exists()
    assert_charles_untouched(scene)
    html = Client().get(page).content.decode()
    assert "This comment was removed." in html
    assert CHARLES_TEXTS["reply"] in html
    dump = database_text().lower()
    for private in (
        ADA_EMAIL,
        ADA_NAME,
        ADA_SITE,
        ADA_IP,
        ADA_AGENT,
        "analytical.example",
    ):
        assert private.lower() not in dump
    for words in ADA_TEXTS.values():
        assert words.lower() not in dump
    assert (
        "3 comment(s) deleted, 1 comment(s) with replies kept as a placeholder" in said
    )


def test_deleting_a_thread_of_her_own_takes_it_whole():
    scene = scene_build()
    own_reply = Comment.objects.create(
        post=scene.post,
        parent=scene.ada_reply,
        author_name=ADA_NAME,
        author_email=ADA_EMAIL,
        body="And I answer myself, two levels down.",
        path="pending",
    )
    own_reply.path = f"{scene.ada_reply.path}/{own_reply.pk:010d}"
    own_reply.save(update_fields=["path"])

    erase(ADA_EMAIL, "--delete")

    assert not Comment.objects.filter(
        pk__in=[scene.ada_reply.pk, own_reply.pk]
    ).exists()
    assert Comment.objects.filter(pk=scene.charles_top.pk).exists()


def test_the_audit_log_keeps_who_did_what_without_the_text():
    scene = scene_build()
    erase(ADA_EMAIL)

    events = ModerationEvent.objects.filter(
        comment_id__in=[scene.ada_top.pk, scene.ada_spam.pk, scene.ada_edited.pk]
    )
    assert sorted(events.values_list("action", flat=True)) == [
        "approve",
        "edit",
        "spam",
    ]
    assert set(events.values_list("text_snapshot", "text_before", "text_after")) == {
        ("", "", "")
    }
    assert set(events.values_list("actor", flat=True)) == {scene.host.pk}
    quoting = ModerationExample.objects.get(comment_id=scene.charles_reply.pk)
    assert (quoting.parent_text, quoting.parent_author_name) == ("", "")


def test_the_erasure_is_audited_without_the_address():
    scene_build()
    erase(ADA_EMAIL, "--delete")

    audit = PrivacyRequest.objects.get()
    assert (audit.action, audit.via, audit.actor) == ("delete", "command", None)
    assert audit.counts["comments_deleted"] == 3
    assert "lovelace" not in str(audit.counts) + audit.email_digest + audit.summary
    erase(ADA_EMAIL.upper())  # the same address in another case: the same hash
    assert len(set(PrivacyRequest.objects.values_list("email_digest", flat=True))) == 1


def test_a_dry_run_counts_and_changes_nothing():
    scene = scene_build()
    before = database_text()

    said = erase(ADA_EMAIL, "--delete", "--dry-run")

    assert said.startswith("Would erase the commenter: 4 comment(s) found")
    assert database_text() == before
    assert Comment.objects.get(pk=scene.ada_top.pk).author_name == ADA_NAME


def test_an_account_with_the_address_is_left_for_the_admin():
    scene = scene_build()
    user = UserFactory(username="ada", email=ADA_EMAIL.lower())
    Comment.objects.filter(pk=scene.ada_top.pk).update(user=user)

    said = erase(ADA_EMAIL)

    assert Comment.objects.get(pk=scene.ada_top.pk).user is None
    user.refresh_from_db()
    assert user.email == ADA_EMAIL.lower()
    assert "A login account uses this address and was left as it is" in said


def test_a_bad_address_erases_nothing():
    scene_build()
    before = database_text()
    with pytest.raises(CommandError, match="Enter a whole email address"):
        erase("Ada Lovelace")
    assert database_text() == before
