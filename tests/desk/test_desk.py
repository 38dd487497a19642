"""The moderator's desk through the test client: queue, actions, permissions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from porch.comments.models import Comment
from porch.desk.highlight import highlight_evidence
from porch.moderation.models import ModerationEvent, ModerationExample
from porch.people import roles
from tests.desk.desk_helpers import (
    QUEUE,
    SECRET_EMAIL,
    act,
    held,
    member,
    order_on_page,
    settings_set,
)
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


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


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def desk_pages_queries(client, *, posts):
    """Queries for the queue and the log after ``posts`` posts' worth of moderation:
    on each, a held reply and a reply marked spam (an event with its comment)."""
    for n in range(posts):
        post = PostFactory()
        parent = CommentFactory(post=post)
        held(post=post, parent=parent, reasons=[("links", "Two links.", ["a.example"])])
        act(client, held(post=post, parent=parent, body=f"Buy now {n}"), "spam")
    return queries_for(client, QUEUE), queries_for(client, reverse("desk:log"))


def test_desk_pages_cost_the_same_queries_for_two_comments_or_twenty(host_client):
    host_client.get(QUEUE)  # the first request reads the settings into the cache
    few = desk_pages_queries(host_client, posts=2)
    many = desk_pages_queries(host_client, posts=18)
    assert many == few
