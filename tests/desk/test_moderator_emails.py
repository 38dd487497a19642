"""Moderators hear about held comments at once, in a daily digest, or not at all."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from porch.comments.identity import IdentityProof
from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, comment_submit
from porch.core.models import DailyJobRun, SiteSettings
from porch.core.schedule import daily_jobs_enqueue_due
from porch.desk.emails import moderator_digests
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
HOST = "dan@porch.example"
EDITOR = "edna@porch.example"
GUEST = "gil@porch.example"
AUTHOR = "ava@porch.example"
READER = "bea@tern.example"
READER_IP = "198.51.100.23"
WORDS = "Stepping back last spring let my team surprise me."
DIGEST_TIME = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    cache.clear()


def staff(username, email, role):
    return user_role_set(user=UserFactory(username=username, email=email), role=role)


@pytest.fixture
def people():
    """A host, an editor, a guest contributor and an author, each with a post."""
    found = {
        "host": staff("dan", HOST, roles.HOST),
        "editor": staff("edna", EDITOR, roles.EDITOR),
        "guest": staff("gil", GUEST, roles.GUEST_CONTRIBUTOR),
        "author": staff("ava", AUTHOR, roles.AUTHOR),
    }
    found["guest_post"] = PostFactory(
        title="Leading from the back row", author__user=found["guest"]
    )
    found["author_post"] = PostFactory(
        title="Notes on quiet teams", author__user=found["author"]
    )
    return found


def submit(post, capture, body=WORDS, email=READER, proof=None):
    """A first-time commenter through the service: held for review by default."""
    with capture(execute=True):
        return comment_submit(
            post=post,
            author=CommentAuthor("Bea Holm", email, proof=proof or IdentityProof()),
            body=body,
            parent_id=None,
            ip=READER_IP,
        )


def inbox(mailoutbox):
    return sorted(message.to[0] for message in mailoutbox)


def shows_private_data(message):
    """Whether the commenter's address or any part of their IP is in the message."""
    raw = message.message().as_string()
    html = message.alternatives[0].content
    return any(
        secret in text for secret in (READER, "198.51.100") for text in (raw, html)
    )


def test_held_comment_emails_every_moderator_of_the_post_once(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    comment = submit(people["guest_post"], django_capture_on_commit_callbacks)

    assert comment.status == Comment.Status.PENDING
    # The guest is both the post's author and its moderator: one email, not two.
    assert inbox(mailoutbox) == sorted([GUEST, EDITOR, HOST])
    desk = f"http://testserver/desk/?post={comment.post_id}#held-{comment.pk}"
    for message in mailoutbox:
        assert "is waiting for your review" in message.body
        assert f"on the desk: {desk}" in message.body
        assert f'href="{desk}"' in message.alternatives[0].content.replace("&amp;", "&")
        assert not shows_private_data(message)


def test_approved_comment_reaches_no_moderator_beyond_host_and_author(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = CommentFactory(
        author_name="Bea Holm", author_email=READER, status=Comment.Status.APPROVED
    )
    proof = IdentityProof(comment_ids=frozenset({earlier.pk}))  # her browser's

    comment = submit(
        people["guest_post"], django_capture_on_commit_callbacks, proof=proof
    )

    assert comment.status == Comment.Status.APPROVED
    staff_notices = [m for m in mailoutbox if m.subject.startswith("New comment")]
    assert sorted(m.to[0] for m in staff_notices) == [HOST, GUEST]
    assert all("/desk/" not in m.body for m in staff_notices)


def test_guest_author_hears_nothing_when_guests_may_not_moderate(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    settings_set(
        moderation_guest_authors_moderate=False, notify_author_on_comment=False
    )

    submit(people["guest_post"], django_capture_on_commit_callbacks)

    assert inbox(mailoutbox) == sorted([EDITOR, HOST])


def test_other_authors_never_hear_about_a_post_not_theirs(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    submit(people["author_post"], django_capture_on_commit_callbacks)

    assert inbox(mailoutbox) == sorted([AUTHOR, EDITOR, HOST])
    assert GUEST not in inbox(mailoutbox)


@pytest.mark.parametrize("choice", ["daily", "never"])
def test_with_digest_or_never_moderators_get_no_email_per_held_comment(
    choice, people, mailoutbox, django_capture_on_commit_callbacks
):
    settings_set(moderation_moderator_emails=choice)
    offline = PostFactory(
        title="A letter from the road", author__email="pen@post.example"
    )

    submit(people["guest_post"], django_capture_on_commit_callbacks)
    submit(offline, django_capture_on_commit_callbacks)

    # Only an author with no login to moderate with still hears about their post.
    assert inbox(mailoutbox) == ["pen@post.example"]
    assert "/desk/" not in mailoutbox[0].body
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 2


def digest_for(mailoutbox, address):
    found = [m for m in mailoutbox if m.to == [address]]
    assert len(found) == 1, f"{address} got {len(found)} digests"
    return found[0]


def test_daily_digest_lists_what_waits_for_each_moderator_across_days(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    # The link-dropping comment scores as near-certain spam; this test is about what
    # the digest lists, so the host here files nothing as spam by score.
    settings_set(moderation_moderator_emails="daily", moderation_spam_file_at=1.0)
    with time_machine.travel(datetime(2026, 3, 1, 18, 5, tzinfo=UTC), tick=False):
        first = submit(people["guest_post"], django_capture_on_commit_callbacks)
        submit(
            people["guest_post"],
            django_capture_on_commit_callbacks,
            body="Visit http://a.example and http://b.example for more.",
            email="kim@tern.example",
        )
        submit(people["author_post"], django_capture_on_commit_callbacks)
    assert mailoutbox == []

    with time_machine.travel(DIGEST_TIME, tick=False):
        assert daily_jobs_enqueue_due() == [
            "spam_purge",
            "moderator_digest",
            "moderation_adapter",
        ]
    assert inbox(mailoutbox) == sorted([AUTHOR, GUEST, EDITOR, HOST])
    host = digest_for(mailoutbox, HOST)
    assert host.subject == "3 comments wait for review on My Porch"
    assert host.body.count("Review it: http://testserver/desk/?post=") == 3
    assert "Links" in host.body
    assert "waiting since March 1, 2026 at 6:05 p.m." in host.body
    guest = digest_for(mailoutbox, GUEST)
    assert guest.subject == "2 comments wait for review on My Porch"
    assert "Notes on quiet teams" not in guest.body
    author = digest_for(mailoutbox, AUTHOR)
    assert author.subject == "1 comment waits for review on My Porch"
    assert "One comment waits for your review" in author.body
    assert not any(shows_private_data(message) for message in mailoutbox)

    mailoutbox.clear()
    Comment.objects.exclude(pk=first.pk).update(status=Comment.Status.APPROVED)
    with time_machine.travel(DIGEST_TIME.replace(day=3), tick=False):
        daily_jobs_enqueue_due()
    assert inbox(mailoutbox) == sorted([GUEST, EDITOR, HOST])
    assert digest_for(mailoutbox, EDITOR).body.count("Review it:") == 1
    assert f"#held-{first.pk}" in digest_for(mailoutbox, EDITOR).body

    mailoutbox.clear()
    first.status = Comment.Status.APPROVED
    first.save(update_fields=["status"])
    with time_machine.travel(DIGEST_TIME.replace(day=4), tick=False):
        assert daily_jobs_enqueue_due() == [
            "spam_purge",
            "moderator_digest",
            "moderation_adapter",
        ]
    assert mailoutbox == []


def test_scheduler_twice_the_same_day_sends_one_digest(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    settings_set(moderation_moderator_emails="daily")
    submit(people["author_post"], django_capture_on_commit_callbacks)

    with time_machine.travel(DIGEST_TIME, tick=False):
        assert daily_jobs_enqueue_due() == [
            "spam_purge",
            "moderator_digest",
            "moderation_adapter",
        ]
    with time_machine.travel(DIGEST_TIME.replace(hour=8), tick=False):
        assert daily_jobs_enqueue_due() == []

    assert inbox(mailoutbox) == sorted([AUTHOR, EDITOR, HOST])
    assert DailyJobRun.objects.filter(job="moderator_digest").count() == 1


def test_before_seven_the_digest_is_not_due_yet(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    settings_set(moderation_moderator_emails="daily")
    submit(people["author_post"], django_capture_on_commit_callbacks)

    with time_machine.travel(DIGEST_TIME.replace(hour=6), tick=False):
        assert daily_jobs_enqueue_due() == ["spam_purge", "moderation_adapter"]

    assert mailoutbox == []
    assert not DailyJobRun.objects.filter(job="moderator_digest").exists()


def test_no_digest_when_the_host_chose_immediate_emails(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    submit(people["author_post"], django_capture_on_commit_callbacks)
    mailoutbox.clear()

    with time_machine.travel(DIGEST_TIME, tick=False):
        daily_jobs_enqueue_due()

    assert mailoutbox == []


def test_every_link_in_a_held_comment_email_opens_for_the_moderator(
    people, client, mailoutbox, django_capture_on_commit_callbacks
):
    comment = submit(people["guest_post"], django_capture_on_commit_callbacks)
    message = next(m for m in mailoutbox if m.to == [EDITOR])
    client.force_login(people["editor"])
    html = message.alternatives[0].content.replace("&amp;", "&")

    links = set(re.findall(r"http://testserver([^\s\"]*)", message.body + html))

    # The post, the desk, unsubscribe and the site; not the comment's public page,
    # which shows nobody a held comment.
    assert len(links) == 4
    assert comment.get_absolute_url() not in links
    for path in links:
        assert client.get(path, follow=True).status_code == 200, path


def digest_queries(people, *, posts):
    """Queries to build the digests after held comments on ``posts`` more posts."""
    for n in range(posts):
        post = PostFactory(title=f"Post {n}", author=people["author_post"].author)
        CommentFactory(post=post, status=Comment.Status.PENDING)
    with CaptureQueriesContext(connection) as captured:
        digests = moderator_digests()
    return len(captured), len(digests)


def test_building_the_digests_costs_the_same_for_two_posts_or_twelve(people):
    SiteSettings.current()  # read into the cache, as a running site has it
    assert digest_queries(people, posts=2)[0] == digest_queries(people, posts=10)[0]
    assert digest_queries(people, posts=0)[1] == 3  # host, editor, author
