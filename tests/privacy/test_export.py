"""``porch privacy export``: everything kept about one commenter, nobody else's."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from porch.comments.models import Comment
from porch.privacy.models import PrivacyRequest
from tests.factories import UserFactory
from tests.privacy.scene import (
    ADA_AGENT,
    ADA_EMAIL,
    ADA_IP,
    ADA_NAME,
    ADA_SITE,
    ADA_TEXTS,
    CHARLES_EMAIL,
    CHARLES_IP,
    CHARLES_NAME,
    CHARLES_TEXTS,
    scene_build,
)

pytestmark = pytest.mark.django_db


def export_to(path: Path, email: str) -> dict:
    call_command("privacy", "export", email, str(path), stderr=io.StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_holds_each_kind_of_data_about_the_commenter(tmp_path):
    scene = scene_build()
    data = export_to(tmp_path / "ada.json", "ADA.lovelace@analytical.EXAMPLE")

    assert data["format"] == "porch-personal-data-1"
    assert data["email"] == ADA_EMAIL.lower()
    by_id = {comment["id"]: comment for comment in data["comments"]}
    assert set(by_id) == {
        scene.ada_top.pk,
        scene.ada_reply.pk,
        scene.ada_spam.pk,
        scene.ada_edited.pk,
    }
    top = by_id[scene.ada_top.pk]
    assert {key: top[key] for key in ("name", "email", "website", "ip", "text")} == {
        "name": ADA_NAME,
        "email": ADA_EMAIL,
        "website": ADA_SITE,
        "ip": ADA_IP,
        "text": ADA_TEXTS["top"],
    }
    assert top["post"] == {
        "id": scene.post.pk,
        "title": "Notes on the Analytical Engine",
        "url": scene.post.get_absolute_url(),
    }
    assert (top["status"], top["user_agent"], top["url"]) == (
        "approved",
        ADA_AGENT,
        f"/comments/{scene.ada_top.pk}/",
    )
    assert by_id[scene.ada_reply.pk]["parent_id"] == scene.charles_top.pk
    assert by_id[scene.ada_spam.pk]["status"] == "spam"
    assert top["created_at"].endswith("+00:00")

    assert sorted((s["kind"], s["comment_id"]) for s in data["subscriptions"]) == [
        ("post", None),
        ("replies", scene.ada_top.pk),
    ]
    assert data["confirmed_email"]["confirmed_at"]
    assert [rule["reason"] for rule in data["block_rules"]] == [
        "Asked for no more replies"
    ]
    assert sorted(
        (e["comment_id"], e["action"]) for e in data["moderation_events"]
    ) == sorted(
        [
            (scene.ada_top.pk, "approve"),
            (scene.ada_reply.pk, "approve"),
            (scene.ada_spam.pk, "spam"),
            (scene.ada_edited.pk, "edit"),
        ]
    )
    edit = next(e for e in data["moderation_events"] if e["action"] == "edit")
    assert (edit["text_before"], edit["text_after"]) == (
        ADA_TEXTS["before_edit"],
        ADA_TEXTS["after_edit"],
    )
    assert sorted(
        (x["label"], x["text"]) for x in data["moderation_examples"]
    ) == sorted(
        [
            ("approve", ADA_TEXTS["top"]),
            ("approve", ADA_TEXTS["reply"]),
            ("spam", ADA_TEXTS["spam"]),
        ]
    )
    # Charles's reply was learned with Ada's comment as the text it answered.
    assert data["examples_quoting_them"] == [
        {
            "id": data["examples_quoting_them"][0]["id"],
            "comment_id": scene.charles_reply.pk,
            "replied_to_name": ADA_NAME,
            "replied_to_text": ADA_TEXTS["top"],
        }
    ]
    assert (data["accounts"], data["profiles"]) == ([], [])


def test_export_holds_nothing_about_another_commenter_or_the_moderators(tmp_path):
    scene_build()
    export_to(tmp_path / "ada.json", ADA_EMAIL)
    text = (tmp_path / "ada.json").read_text(encoding="utf-8")

    for private in (CHARLES_EMAIL, CHARLES_NAME, CHARLES_IP, "babbage", "hostess"):
        assert private.lower() not in text.lower()
    for words in CHARLES_TEXTS.values():
        assert words not in text


def test_export_includes_the_account_with_that_address(tmp_path):
    user = UserFactory(username="ada", email=ADA_EMAIL, first_name="Ada")
    signed_in = Comment.objects.get(
        pk=scene_build().ada_top.pk
    )  # a comment written while signed in, under an older address
    Comment.objects.filter(pk=signed_in.pk).update(
        user=user, author_email="ada@old-address.example"
    )

    data = export_to(tmp_path / "ada.json", ADA_EMAIL)

    assert [(a["username"], a["email"], a["first_name"]) for a in data["accounts"]] == [
        ("ada", ADA_EMAIL, "Ada")
    ]
    assert signed_in.pk in {comment["id"] for comment in data["comments"]}


def test_export_without_a_file_writes_to_standard_output_and_is_audited():
    scene_build()
    out = io.StringIO()

    call_command("privacy", "export", ADA_EMAIL, stdout=out)

    assert len(json.loads(out.getvalue())["comments"]) == 4
    audit = PrivacyRequest.objects.get()
    assert (audit.action, audit.via, audit.actor) == ("export", "command", None)
    assert audit.counts == {"comments": 4, "subscriptions": 2, "accounts": 0}
    assert ADA_EMAIL.lower() not in audit.email_digest
    assert len(audit.email_digest) == 64


def test_export_of_an_unknown_address_is_empty():
    scene_build()
    out = io.StringIO()
    call_command("privacy", "export", "nobody@example.net", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["comments"], data["subscriptions"], data["moderation_events"]) == (
        [],
        [],
        [],
    )


def test_export_never_overwrites_a_file_and_records_nothing(tmp_path):
    scene_build()
    existing = tmp_path / "notes.json"
    existing.write_text("the host's own notes")

    with pytest.raises(CommandError, match="exists already"):
        call_command("privacy", "export", ADA_EMAIL, str(existing))

    assert existing.read_text() == "the host's own notes"
    assert not PrivacyRequest.objects.exists()


def test_export_file_is_readable_by_its_owner_alone(tmp_path):
    scene_build()
    export_to(tmp_path / "ada.json", ADA_EMAIL)
    assert os.stat(tmp_path / "ada.json").st_mode & 0o077 == 0


def test_a_bad_address_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="Enter a whole email address"):
        call_command("privacy", "export", "ada-at-example")
    assert not PrivacyRequest.objects.exists()
