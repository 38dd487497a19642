"""The moderator's desk through the test client: queue, actions, log, blocks."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from porch.comments.desk.highlight import highlight_evidence
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "mallory@hidden.example"
QUEUE = reverse("desk:queue")


def held(*, risk=0.0, reasons=(), scores=None, **fields):
    """A comment waiting for review with the verdict the pipeline stored."""
    fields.setdefault("author_email", SECRET_EMAIL)
    return CommentFactory(
        status=Comment.Status.PENDING,
        moderation_risk=risk,
        moderation_reasons=[
            {"code": code, "message": message, "evidence": list(evidence)}
            for code, message, evidence in reasons
        ],
        moderation_scores=scores or {"offensive": 0.0, "spam": risk, "off_topic": 0.0},
        **fields,
    )


def member(role, username):
    user = UserFactory(username=username)
    user_role_set(user=user, role=role)
    return user


@pytest.fixture
def host_client(client):
    client.force_login(member(roles.HOST, "hostess"))
    return client


@pytest.fixture
def guest():
    """A guest contributor who wrote one post; returns (user, own post)."""
    user = member(roles.GUEST_CONTRIBUTOR, "guest")
    post = PostFactory(author=PersonFactory(user=user), title="The guest's own post")
    return user, post


def order_on_page(html, comments):
    return sorted(comments, key=lambda c: html.index(f'id="held-{c.pk}"'))


def act(client, comment, action, **extra):
    url = reverse("desk:act", args=[comment.pk])
    return client.post(url, {"action": action, "next": QUEUE}, **extra)


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    cache.clear()


# ---- The queue -------------------------------------------------------------------


def test_queue_lists_held_comments_riskiest_first_then_oldest(host_client):
    low = held(risk=0.20)
    high = held(risk=0.95)
    middle_old = held(risk=0.60)
    middle_new = held(risk=0.60)
    CommentFactory(body="Already approved, not on the desk.")

    html = host_client.get(QUEUE).content.decode()

    shown = order_on_page(html, [low, high, middle_old, middle_new])
    assert shown == [high, middle_old, middle_new, low]
    assert "Already approved, not on the desk." not in html
    assert "4 held comments, riskiest first." in html


def test_queue_shows_reasons_scores_post_and_parent_but_never_email_or_ip(
    host_client,
):
    parent = CommentFactory(body="Leading from behind takes nerve.")
    reply = held(
        post=parent.post,
        parent=parent,
        risk=0.91,
        body="Buy cheap pills at pills.example today",
        reasons=[("spam", "Looks like promotion.", ["cheap pills", "pills.example"])],
        scores={"offensive": 0.05, "spam": 0.91, "off_topic": 0.4},
    )

    html = host_client.get(QUEUE).content.decode()
    item = html.split(f'id="held-{reply.pk}"')[1].split("</ol>")[0]

    assert "Buy <mark>cheap pills</mark> at <mark>pills.example</mark> today" in item
    assert "Looks like promotion." in item
    assert "offensive 0.05 · spam 0.91 · off-topic 0.40" in item
    assert parent.post.title in item
    assert "Leading from behind takes nerve." in item
    assert SECRET_EMAIL not in html
    assert reply.ip not in html


def test_evidence_marking_escapes_everything_else():
    text = 'You idiot <script>alert("x")</script> & an idiotic class'

    html = highlight_evidence(text, ["idiot", "ass", "<script>"])

    assert html == (
        "You <mark>idiot</mark> <mark>&lt;script&gt;</mark>alert(&quot;x&quot;)"
        "&lt;/script&gt; &amp; an idiotic class"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"reason": "spam"}, ["spammy", "both"]),
        ({"reason": "off_topic"}, ["both"]),
        ({"author": "Zed"}, ["rude"]),
        ({"author": "zed@example.org"}, ["rude"]),
        ({"q": "casino"}, ["spammy"]),
        ({"reason": "spam", "q": "garden"}, ["both"]),
    ],
)
def test_queue_filters_and_search(host_client, query, expected):
    post = PostFactory()
    made = {
        "spammy": held(
            post=post, risk=0.9, body="Best casino bonus", reasons=[("spam", "", [])]
        ),
        "rude": held(
            post=post,
            risk=0.8,
            author_name="Zed Quinn",
            author_email="zed@example.org",
            body="You are all fools",
            reasons=[("offensive", "", [])],
        ),
        "both": held(
            post=post,
            risk=0.7,
            body="My garden shop sells seeds",
            reasons=[("off_topic", "", []), ("spam", "", [])],
        ),
    }

    html = host_client.get(QUEUE, query).content.decode()

    shown = [name for name, c in made.items() if f'id="held-{c.pk}"' in html]
    assert shown == expected


def test_queue_filter_by_post(host_client):
    one, other = held(risk=0.5), held(risk=0.6)

    html = host_client.get(QUEUE, {"post": one.post_id}).content.decode()

    assert f'id="held-{one.pk}"' in html
    assert f'id="held-{other.pk}"' not in html


def test_queue_pages_keep_the_filters(host_client):
    post = PostFactory()
    for risk in range(25):
        held(post=post, risk=risk / 100, reasons=[("spam", "", [])])

    first = host_client.get(QUEUE, {"reason": "spam"}).content.decode()
    second = host_client.get(QUEUE, {"reason": "spam", "page": 2}).content.decode()

    assert first.count('class="desk-item"') == 20
    assert second.count('class="desk-item"') == 5
    assert 'href="?reason=spam&amp;page=2"' in first


# ---- Actions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "event", "label"),
    [
        ("approve", "approved", "approve", "approve"),
        ("spam", "spam", "spam", "spam"),
        ("offensive", "removed", "remove_offensive", "offensive"),
        ("off_topic", "removed", "remove_off_topic", "off_topic"),
    ],
)
def test_each_action_changes_status_and_writes_the_log(
    host_client, action, status, event, label
):
    comment = held(risk=0.9)

    response = act(host_client, comment, action)

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    comment.refresh_from_db()
    assert comment.status == status
    logged = ModerationEvent.objects.get(comment=comment)
    assert (logged.action, logged.actor.username) == (event, "hostess")
    assert ModerationExample.objects.get(comment=comment).label == label


def test_action_asked_for_json_answers_with_the_new_count(host_client):
    comment, _other = held(risk=0.9, author_name="Ann"), held(risk=0.1)

    response = act(host_client, comment, "approve", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json() == {
        "message": "Approved: the comment by Ann.",
        "pending": 1,
    }


def test_unknown_action_is_refused_and_nothing_changes(host_client):
    comment = held(risk=0.9)

    response = act(host_client, comment, "delete_everything")

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert not ModerationEvent.objects.exists()


def test_edit_keeps_both_texts_in_the_log_and_can_approve(host_client):
    comment = held(risk=0.9, body="You are an idiot, but the point stands.")
    url = reverse("desk:edit", args=[comment.pk])

    response = host_client.post(
        url, {"body": "The point stands.", "approve": "1", "next": QUEUE}
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("The point stands.", "approved")
    edit = ModerationEvent.objects.get(comment=comment, action="edit")
    assert (edit.text_before, edit.text_after) == (
        "You are an idiot, but the point stands.",
        "The point stands.",
    )
    assert ModerationEvent.objects.filter(comment=comment, action="approve").exists()


def test_edit_to_nothing_is_refused_and_nothing_changes(host_client):
    comment = held(risk=0.9, body="Original words.")

    host_client.post(reverse("desk:edit", args=[comment.pk]), {"body": "   "})

    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Original words.", "pending")
    assert not ModerationEvent.objects.exists()


def test_reply_approves_the_comment_and_answers_as_the_moderator(host_client):
    comment = held(risk=0.5, body="Is walking beside always possible?")

    response = host_client.post(
        reverse("desk:reply", args=[comment.pk]),
        {"body": "Not always, but more often than we think.", "next": QUEUE},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"
    answer = Comment.objects.get(parent=comment)
    assert (answer.body, answer.user.username, answer.status) == (
        "Not always, but more often than we think.",
        "hostess",
        "approved",
    )


def test_bulk_spam_marks_every_selected_comment(host_client):
    first, second, untouched = held(risk=0.9), held(risk=0.8), held(risk=0.7)

    response = host_client.post(
        reverse("desk:bulk"),
        {"action": "spam", "comments": [first.pk, second.pk], "next": QUEUE},
    )

    assert response.status_code == 302
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "spam", second.pk: "spam", untouched.pk: "pending"}
    assert ModerationEvent.objects.filter(action="spam").count() == 2


def test_bulk_without_a_selection_changes_nothing(host_client):
    comment = held(risk=0.9)

    host_client.post(reverse("desk:bulk"), {"action": "spam"})

    comment.refresh_from_db()
    assert comment.status == "pending"


def test_actions_need_the_csrf_token():
    comment = held(risk=0.9)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member(roles.HOST, "hostess"))

    response = act(client, comment, "approve")

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


# ---- Who may moderate ------------------------------------------------------------


def test_guest_author_cannot_act_on_another_post(client, guest):
    user, _own = guest
    elsewhere = held(risk=0.9, body="On someone else's post.")
    client.force_login(user)

    for response in (
        act(client, elsewhere, "approve"),
        client.post(reverse("desk:edit", args=[elsewhere.pk]), {"body": "Changed"}),
        client.post(reverse("desk:reply", args=[elsewhere.pk]), {"body": "Hello"}),
        client.post(
            reverse("desk:bulk"), {"action": "approve", "comments": [elsewhere.pk]}
        ),
    ):
        assert response.status_code == 403
    elsewhere.refresh_from_db()
    assert (elsewhere.status, elsewhere.body) == ("pending", "On someone else's post.")
    assert Comment.objects.count() == 1
    assert not ModerationEvent.objects.exists()


def test_guest_author_moderates_own_post_and_sees_only_its_comments(client, guest):
    user, own = guest
    mine, theirs = held(post=own, risk=0.3), held(risk=0.9)
    client.force_login(user)

    html = client.get(QUEUE).content.decode()
    response = act(client, mine, "approve")

    assert f'id="held-{mine.pk}"' in html
    assert f'id="held-{theirs.pk}"' not in html
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "approved"


def test_bulk_with_one_comment_out_of_reach_changes_none(client, guest):
    user, own = guest
    mine, theirs = held(post=own, risk=0.3), held(risk=0.9)
    client.force_login(user)

    response = client.post(
        reverse("desk:bulk"), {"action": "spam", "comments": [mine.pk, theirs.pk]}
    )

    assert response.status_code == 403
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


def test_guest_authors_lose_the_desk_when_the_host_turns_it_off(client, guest):
    user, own = guest
    mine = held(post=own, risk=0.3)
    settings_set(moderation_guest_authors_moderate=False)
    client.force_login(user)

    assert client.get(QUEUE).status_code == 403
    assert act(client, mine, "approve").status_code == 403
    mine.refresh_from_db()
    assert mine.status == "pending"


def test_readers_are_sent_to_log_in(client):
    comment = held(risk=0.9)

    response = act(client, comment, "approve")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_editor_moderates_every_post(client):
    comment = held(risk=0.9)
    client.force_login(member(roles.EDITOR, "eddie"))

    assert act(client, comment, "spam").status_code == 302
    comment.refresh_from_db()
    assert comment.status == "spam"


# ---- Pending count in the navigation -----------------------------------------------


def test_pending_count_in_navigation_for_moderators_only(client, guest):
    user, own = guest
    held(post=own, risk=0.1)
    held(risk=0.2)
    held(risk=0.3)
    CommentFactory(post=own)
    home = reverse("blog:home")

    anonymous = client.get(home).content.decode()
    client.force_login(user)
    as_guest = client.get(home).content.decode()
    client.force_login(member(roles.HOST, "hostess"))
    as_host = client.get(home).content.decode()

    assert reverse("desk:queue") not in anonymous
    assert 'aria-label="1 comment waiting">1</span>' in as_guest
    assert 'aria-label="3 comments waiting">3</span>' in as_host


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
