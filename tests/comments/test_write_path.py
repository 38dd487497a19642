"""Posting a comment is cheap for the database: judged first, then one short write.

The moderation pipeline (the sentence model takes milliseconds) runs before the
transaction opens, so SQLite's write lock, taken at BEGIN, is held only for the
inserts; what leaves the process (emails) waits for the commit. Concurrent writers
on a real SQLite file wait their turn: nothing lost, no "database is locked".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from porch.comments import services
from porch.comments.models import Comment, Subscription
from porch.comments.services import CommentAuthor, CommentRejectedError, comment_submit
from porch.moderation.models import ModerationEvent
from tests.factories import CommentFactory, PostFactory

ADA = CommentAuthor(name="Ada", email="ada@example.com")
WRITERS = 8
COMMENTS_EACH = 4
WRITERS_DEADLINE_SECONDS = 300


def test_moderation_runs_before_the_write_transaction_and_the_insert_inside_one(
    transactional_db, monkeypatch
):
    post = PostFactory()
    judged_in_transaction: list[bool] = []
    real_moderate = services.moderate

    def spying_moderate(*args, **kwargs):
        judged_in_transaction.append(connection.in_atomic_block)
        return real_moderate(*args, **kwargs)

    monkeypatch.setattr(services, "moderate", spying_moderate)
    comment = comment_submit(
        post=post, author=ADA, body="Walking beside works.", parent_id=None,
        ip="198.51.100.7",
    )  # fmt: skip

    assert judged_in_transaction == [False]
    assert ModerationEvent.objects.filter(comment=comment).count() == 1
    assert Comment.objects.get(pk=comment.pk).path.endswith(str(comment.pk))


def test_a_twin_saved_while_the_first_was_judged_is_refused_as_a_duplicate(
    db, monkeypatch
):
    post = PostFactory()
    real_moderate = services.moderate

    def moderate_while_a_twin_lands(*args, **kwargs):
        CommentFactory(post=post, author_email=ADA.email, body="Said once.")
        return real_moderate(*args, **kwargs)

    monkeypatch.setattr(services, "moderate", moderate_while_a_twin_lands)
    with pytest.raises(CommentRejectedError) as refused:
        comment_submit(
            post=post, author=ADA, body="Said once.", parent_id=None, ip="198.51.100.7"
        )

    assert refused.value.field == "body"
    assert "already said that" in refused.value.message
    assert Comment.objects.filter(post=post).count() == 1
    assert not ModerationEvent.objects.exists()


def test_a_reply_to_a_comment_removed_while_it_was_judged_is_refused(db, monkeypatch):
    post = PostFactory()
    parent = CommentFactory(post=post, status=Comment.Status.APPROVED)
    real_moderate = services.moderate

    def moderate_while_the_parent_goes(*args, **kwargs):
        Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REMOVED)
        return real_moderate(*args, **kwargs)

    monkeypatch.setattr(services, "moderate", moderate_while_the_parent_goes)
    with pytest.raises(CommentRejectedError, match="no longer here"):
        comment_submit(
            post=post,
            author=ADA,
            body="Agreed.",
            parent_id=parent.pk,
            ip="198.51.100.7",
        )

    assert list(Comment.objects.filter(post=post)) == [parent]


def test_confirmation_and_notification_emails_wait_for_the_commit(
    db, django_capture_on_commit_callbacks
):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_submit(
            post=post, author=ADA, body="Walking beside works.", parent_id=None,
            ip="198.51.100.7", subscribe_post=True, subscribe_replies=True,
        )  # fmt: skip
        assert mail.outbox == []

    assert Subscription.objects.filter(email=ADA.email).count() == 2
    assert callbacks, "the emails are queued for after the commit"
    for callback in callbacks:
        callback()
    assert ADA.email in {address for message in mail.outbox for address in message.to}


# Runs in its own process on a real SQLite file: the suite's in-memory database
# shares one cache between connections and would not show the write lock at all.
CONCURRENT_WRITERS = """
import json, sys, threading, time
from datetime import timedelta

import django

django.setup()
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

call_command("migrate", verbosity=0)
from porch.blog.models import Post
from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, CommentRejectedError, comment_submit
from porch.moderation.models import ModerationEvent
from porch.people.models import Person

writers, each = int(sys.argv[1]), int(sys.argv[2])
person = Person.objects.create(display_name="Maren Olsen", slug="maren")
post = Post.objects.create(
    title="Walking beside the team", slug="walking-beside", author=person,
    body="A team moves faster when the person in charge walks beside it.",
    status=Post.Status.PUBLISHED, publish_at=timezone.now() - timedelta(days=1),
)
gate = threading.Barrier(writers)
saved, twins, refused, errors, seconds = [], [], [], [], []

def write(n):
    try:
        gate.wait()
        for i in range(each):
            author = CommentAuthor(name=f"Writer {n}", email=f"w{n}-{i}@example.com")
            started = time.perf_counter()
            comment = comment_submit(
                post=post, author=author, parent_id=None, ip=f"198.51.100.{n * 16 + i}",
                body=f"Comment {i} from writer {n}: walking beside has worked for us.",
            )
            seconds.append(time.perf_counter() - started)
            saved.append(comment.pk)
        gate.wait()
        if n < 5:  # five at once: the limit for one email is five a minute
            twin = CommentAuthor(name="Twin", email="twin@example.com")
            try:
                twins.append(comment_submit(
                    post=post, author=twin, body="Said once.", parent_id=None,
                    ip=f"203.0.113.{n}",
                ).pk)
            except CommentRejectedError as error:
                refused.append(error.message)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seconds.sort()
print(json.dumps({
    "saved": saved, "twins": twins, "refused": refused, "errors": errors,
    "rows": Comment.objects.count(),
    "events": ModerationEvent.objects.count(),
    "paths": Comment.objects.values("path").distinct().count(),
    "p50_ms": round(1000 * seconds[len(seconds) // 2], 1),
    "max_ms": round(1000 * seconds[-1], 1),
}))
"""


def test_concurrent_writers_on_a_sqlite_file_all_land_without_locking_errors(
    tmp_path: Path,
):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PORCH_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env |= {"PORCH_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "porch.settings"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", CONCURRENT_WRITERS, str(WRITERS), str(COMMENTS_EACH)],
        env=env,
        capture_output=True,
        text=True,
        timeout=WRITERS_DEADLINE_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])

    assert found["errors"] == []
    assert len(found["saved"]) == len(set(found["saved"])) == WRITERS * COMMENTS_EACH
    assert len(found["twins"]) == 1
    assert found["refused"] == ["It looks as though you\u2019ve already said that!"] * 4
    assert (
        found["rows"]
        == found["events"]
        == found["paths"]
        == WRITERS * COMMENTS_EACH + 1
    )
