"""The desk's blocks and audit log: forms, filters, the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from porch.comments.models import Comment
from porch.moderation.models import BlockRule, ModerationEvent
from tests.desk.desk_helpers import (
    SECRET_EMAIL,
    act,
    held,
)
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


# ---- Blocking --------------------------------------------------------------------


@time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("email", SECRET_EMAIL),
        ("domain", "hidden.example"),
        ("ip", "203.0.113.0/24"),
    ],
)
def test_block_the_commenter_of_a_held_comment(host_client, kind, value):
    comment = held(risk=0.9)

    response = host_client.post(
        reverse("desk:block"),
        {"kind": kind, "value": "", "comment": comment.pk, "expires_in_days": "7"},
    )

    assert response.status_code == 302
    rule = BlockRule.objects.get()
    assert (rule.kind, rule.value, rule.expires_at) == (
        kind,
        value,
        datetime(2026, 3, 9, 9, 0, tzinfo=UTC),
    )
    assert ModerationEvent.objects.get(action="block").comment_id == comment.pk


def test_block_form_from_a_comment_never_shows_its_email(host_client):
    comment = held(risk=0.9)

    html = host_client.get(reverse("desk:block"), {"comment": comment.pk}).content

    assert SECRET_EMAIL.encode() not in html
    assert f'name="comment" value="{comment.pk}"'.encode() in html


def test_malformed_block_is_refused_and_nothing_saved(host_client):
    response = host_client.post(
        reverse("desk:block"),
        {"kind": "ip", "value": "not-an-ip", "expires_in_days": "0"},
    )

    assert response.status_code == 400
    assert (
        "Enter an IP address or a range like 203.0.113.0/24."
        in response.content.decode()
    )
    assert not BlockRule.objects.exists()


def test_guest_author_cannot_block_by_typed_value(client, guest):
    user, _own = guest
    client.force_login(user)

    response = client.post(
        reverse("desk:block"),
        {"kind": "domain", "value": "spam.example", "expires_in_days": "30"},
    )

    assert response.status_code == 400
    assert "You may not block commenters here." in response.content.decode()
    assert not BlockRule.objects.exists()


# ---- The audit log -----------------------------------------------------------------


@pytest.fixture
def history(host_client):
    """An automatic hold at 09:00 and the host's edit and approval at 10:15."""
    post = PostFactory(title="Leading from the side")
    comment = CommentFactory(
        post=post,
        author_name="Mallory",
        author_email=SECRET_EMAIL,
        body="=HYPERLINK(evil) you fools",
        status=Comment.Status.PENDING,
    )
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        ModerationEvent.objects.create(
            comment=comment,
            action="auto_hold",
            reasons=[{"code": "offensive", "message": "Reads as offensive.",
                      "evidence": ["fools"]}],
            scores={"offensive": 0.91, "spam": 0.2, "off_topic": 0.05},
            text_snapshot=comment.body,
        )  # fmt: skip
    with time_machine.travel(datetime(2026, 3, 2, 10, 15, tzinfo=UTC), tick=False):
        host_client.post(
            reverse("desk:edit", args=[comment.pk]),
            {"body": "You may be wrong.", "approve": "1"},
        )
    return comment


def test_csv_export_lists_every_event_with_the_same_filters(host_client, history):
    response = host_client.get(reverse("desk:log_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    only_auto = host_client.get(reverse("desk:log_csv"), {"actor": "automatic"})
    auto_rows = list(
        csv.reader(io.StringIO(b"".join(only_auto.streaming_content).decode()))
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = [
        "when (UTC)", "moderator", "action", "comment id", "post", "commenter",
        "reasons", "offensive score", "spam score", "off_topic score", "text",
        "text before edit", "text after edit",
    ]  # fmt: skip
    pk = str(history.pk)
    scores = ["0.9100", "0.2000", "0.0500"]
    approve = ["2026-03-02 10:15:00", "hostess", "approve", pk, "Leading from the side",
               "Mallory", "", "", "", "", "You may be wrong.", "", ""]  # fmt: skip
    edit = ["2026-03-02 10:15:00", "hostess", "edit", pk, "Leading from the side",
            "Mallory", "", "", "", "", "You may be wrong.",
            "'=HYPERLINK(evil) you fools", "You may be wrong."]  # fmt: skip
    auto = ["2026-03-02 09:00:00", "automatic", "auto_hold", pk,
            "Leading from the side", "Mallory", "offensive: Reads as offensive.",
            *scores, "'=HYPERLINK(evil) you fools", "", ""]  # fmt: skip
    assert rows == [header, approve, edit, auto]
    assert auto_rows == [header, auto]
    assert SECRET_EMAIL not in str(rows)


def test_log_page_filters_by_action_and_date(host_client, history):
    log = reverse("desk:log")

    edits = host_client.get(log, {"action": "edit"}).content.decode()
    before = host_client.get(log, {"until": "2026-03-01"}).content.decode()

    assert edits.count('<tr id="event-') == 1
    assert "You may be wrong." in edits
    assert "No moderation event matches." in before


def test_guest_author_log_shows_only_own_posts(client, guest, history):
    user, own = guest
    mine = held(post=own, risk=0.2)
    client.force_login(user)
    act(client, mine, "approve")

    html = client.get(reverse("desk:log")).content.decode()

    assert html.count('<tr id="event-') == 1
    assert "Leading from the side" not in html


def test_log_keeps_events_of_emptied_comments(host_client, history):
    ModerationEvent.objects.filter(comment=history).update(comment_id=987654)

    response = host_client.get(reverse("desk:log_csv"))
    text = b"".join(response.streaming_content).decode()

    assert "987654,,," in text


def test_date_range_backwards_is_reported(host_client, history):
    html = host_client.get(
        reverse("desk:log"), {"since": "2026-03-05", "until": "2026-03-01"}
    ).content.decode()

    assert "The start date comes after the end date." in html
    assert html.count('<tr id="event-') == 3  # the bad range filters nothing


def test_the_block_form_answers_only_get_and_post(host_client):
    response = host_client.put(reverse("desk:block"), {"kind": "email"})
    assert response.status_code == 405
    assert not BlockRule.objects.exists()
