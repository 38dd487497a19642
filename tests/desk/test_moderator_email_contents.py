"""What a moderator's email shows of a held comment, and that its links open."""
# ruff: noqa: F811 - ``people`` is the fixture imported from test_moderator_emails

from __future__ import annotations

import re

import pytest
import time_machine

from porch.comments.models import Comment
from porch.comments.tasks import comment_staff_notify
from porch.desk.emails import moderator_digests
from tests.desk.test_moderator_emails import (
    DIGEST_TIME,
    EDITOR,
    GUEST,
    HOST,
    people,  # noqa: F401 - the fixture
    settings_set,
)
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

INSULT = "Gil, you are a fraud and everyone can see it."
LONG = "Leading from the back row works. " * 20  # 660 characters


def held_on(post, body, *codes):
    return CommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        body=body,
        author_name="Bea Holm",
        moderation_reasons=[
            {"code": code, "message": "Scored 0.91.", "evidence": ["fraud"]}
            for code in codes
        ],
    )


def sent_to(mailoutbox, email):
    message = next(m for m in mailoutbox if m.to == [email])
    return message.body, message.alternatives[0].content


def test_an_offensive_comment_reaches_only_hosts_and_editors_in_full(
    people, mailoutbox
):
    comment = held_on(people["guest_post"], INSULT, "offensive", "first_time")

    comment_staff_notify.call(comment.pk)

    guest_text, guest_html = sent_to(mailoutbox, GUEST)
    assert "Why it waits: Offensive, First-time commenter." in guest_text
    assert (
        "It was held as possibly offensive, so its text is not in this email. "
        "Open the desk to read it." in guest_text
    )
    assert "fraud" not in guest_text
    assert "fraud" not in guest_html
    assert "Scored 0.91" not in guest_text
    for email in (HOST, EDITOR):
        text, html = sent_to(mailoutbox, email)
        assert "Why it waits: Offensive, First-time commenter." in text
        assert INSULT in text
        assert INSULT in html


def test_an_author_gets_an_excerpt_of_other_held_comments(people, mailoutbox):
    comment = held_on(people["guest_post"], LONG, "links")

    comment_staff_notify.call(comment.pk)

    text, html = sent_to(mailoutbox, GUEST)
    excerpt = LONG.strip()[:199] + "…"
    assert "Why it waits: Links." in text
    assert f"Bea Holm wrote:\n\n{excerpt}\n" in text
    assert LONG.strip() not in text
    assert LONG.strip() not in html
    host_text, _html = sent_to(mailoutbox, HOST)
    assert LONG.strip() in host_text


def test_every_link_in_a_guests_email_opens_for_the_guest(people, client, mailoutbox):
    comment = held_on(people["guest_post"], INSULT, "offensive")
    comment_staff_notify.call(comment.pk)
    text, html = sent_to(mailoutbox, GUEST)
    client.force_login(people["guest"])

    links = set(re.findall(r"http://testserver([^\s\"]*)", text + html))

    desk = f"/desk/?post={comment.post_id}#held-{comment.pk}"
    assert desk in {link.replace("&amp;", "&") for link in links}
    assert not any("/admin/" in link for link in links)
    for path in links:
        response = client.get(path.replace("&amp;", "&"), follow=True)
        assert response.status_code == 200, path
    page = client.get(f"/desk/?post={comment.post_id}").content.decode()
    assert f'id="held-{comment.pk}"' in page


@time_machine.travel(DIGEST_TIME, tick=False)
def test_the_digest_keeps_an_offensive_text_from_authors(people):
    settings_set(moderation_moderator_emails="daily")
    held_on(people["guest_post"], INSULT, "offensive")
    held_on(people["guest_post"], "A kind word about the back row.", "first_time")

    digests = {digest.email: digest for digest in moderator_digests()}

    guest_excerpts = sorted(item.excerpt for item in digests[GUEST].items)
    editor_excerpts = sorted(item.excerpt for item in digests[EDITOR].items)
    assert guest_excerpts == ["", "A kind word about the back row."]
    assert editor_excerpts == ["A kind word about the back row.", INSULT]
