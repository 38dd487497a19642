"""Already said: the database's rule, not only a read before the insert.

The read before the insert gives the quick answer; the unique fingerprint holds when
two copies race past it (a double click, a proxy's retry), which on PostgreSQL they
do: its transactions do not see each other's uncommitted rows.
"""

from __future__ import annotations

import importlib
import os
import threading
import time

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from porch.comments import services
from porch.comments.edits import comment_edit
from porch.comments.models import Comment, comment_fingerprint, thread_path
from porch.comments.services import (
    CommentAuthor,
    CommentRejectedError,
    comment_submit,
)
from porch.desk.services.comments import comment_moderate
from porch.moderation.models import ModerationEvent
from tests.comments.helpers import form_started
from tests.factories import CommentFactory, PostFactory, UserFactory

ADA = CommentAuthor(name="Ada", email="ada@example.com")
BODY = "Walking beside the team works."
ALREADY_SAID = "It looks as though you\u2019ve already said that!"
ON_POSTGRES = os.environ.get("PORCH_TEST_DATABASE_URL", "").startswith("postgres")
migration = importlib.import_module(
    "porch.comments.migrations.0009_comment_fingerprint"
)


def submit(post, body=BODY, author=ADA, ip="198.51.100.7"):
    return comment_submit(post=post, author=author, body=body, parent_id=None, ip=ip)


@pytest.fixture
def read_check_blind(monkeypatch):
    """The read before the insert sees nothing, as when a twin's transaction has not
    committed yet: only the database is left to refuse the copy."""
    monkeypatch.setattr(services, "_check_not_duplicate", lambda **_: None)


def test_the_fingerprint_ignores_email_case_outer_space_and_line_endings():
    said = comment_fingerprint(email="Ada@Example.com ", name="Ada", body="a\r\nb ")
    assert said == comment_fingerprint(email="ada@example.com", name="X", body="a\nb")
    assert said != comment_fingerprint(email="ada@example.com", name="Ada", body="ab")
    # Without an email the name is the writer.
    assert comment_fingerprint(email="", name="Ada", body="a") != comment_fingerprint(
        email="", name="Bo", body="a"
    )


@pytest.mark.django_db
def test_the_database_refuses_a_second_live_copy_but_not_a_removed_ones():
    post = PostFactory()
    first = submit(post)
    twin = Comment(
        post=post, author_name="Ada", author_email="ada@example.com", body=BODY,
        fingerprint=first.fingerprint, path="x",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()

    Comment.objects.filter(pk=first.pk).update(status=Comment.Status.REMOVED)
    twin.pk = None
    twin.save()  # the removed one no longer counts
    assert Comment.objects.filter(fingerprint=first.fingerprint).count() == 2


@pytest.mark.django_db
def test_a_copy_past_the_read_check_is_refused_by_the_database_and_nothing_saved(
    read_check_blind,
):
    post = PostFactory()
    submit(post)

    with pytest.raises(CommentRejectedError) as refused:
        submit(post, body=f"  {BODY}\n", ip="203.0.113.9")

    assert (refused.value.message, refused.value.field) == (ALREADY_SAID, "body")
    assert Comment.objects.count() == ModerationEvent.objects.count() == 1


@pytest.mark.django_db
def test_the_form_keeps_the_text_when_the_database_refuses_a_copy(
    client, read_check_blind
):
    post = PostFactory()
    form = {
        "name": "Ada",
        "email": "ada@example.com",
        "body": "Said with <care> & twice.",
        "started": form_started(),
    }
    url = reverse("comments:create", args=[post.slug])
    assert client.post(url, form).status_code == 302

    response = client.post(url, form)

    page = response.content.decode()
    assert response.status_code == 400
    assert "It looks as though you\u2019ve already said that!" in page
    assert "Said with &lt;care&gt; &amp; twice.</textarea>" in page
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_an_edit_into_the_words_of_another_comment_is_refused(read_check_blind):
    post = PostFactory()
    first = submit(post)
    second = submit(post, body="Something else entirely.")

    with pytest.raises(CommentRejectedError, match="already said that"):
        comment_edit(
            comment=second, body=BODY, writer_ids=[second.pk], ip="198.51.100.7"
        )

    second.refresh_from_db()
    assert second.body == "Something else entirely."
    # The first, edited away from its words, frees them to be said again.
    comment_edit(comment=first, body="Changed my mind.", writer_ids=[first.pk], ip="")
    assert submit(post, ip="203.0.113.10").body == BODY


@pytest.mark.django_db
def test_a_removed_comment_brought_back_beside_its_newer_copy_is_kept():
    post = PostFactory()
    host = UserFactory(is_superuser=True, is_staff=True)
    removed = submit(post)
    comment_moderate(comment=removed, actor=host, action="remove", notify=False)
    again = submit(post, ip="203.0.113.11")

    comment_moderate(comment=removed, actor=host, action="approve", notify=False)

    removed.refresh_from_db()
    assert removed.status == Comment.Status.APPROVED
    assert removed.fingerprint is None  # the newer copy keeps the rule
    assert Comment.objects.get(pk=again.pk).fingerprint == again.fingerprint


@pytest.mark.django_db
def test_the_migration_fingerprints_existing_comments_and_leaves_stored_twins_be():
    post = PostFactory()
    rows = [
        CommentFactory(post=post, author_email="Ada@example.com", body=BODY),
        CommentFactory(post=post, author_email="ada@example.com", body=f"{BODY} "),
        CommentFactory(post=post, author_email="", author_name="Bo", body=BODY),
        CommentFactory(post=post, status=Comment.Status.REMOVED, body=BODY),
    ]

    migration.comments_fingerprint(apps, None)

    found = dict(Comment.objects.values_list("pk", "fingerprint"))
    assert [found[row.pk] for row in rows] == [
        comment_fingerprint(email="ada@example.com", name="", body=BODY),
        None,  # an imported twin stays, without a fingerprint
        comment_fingerprint(email="", name="Bo", body=BODY),
        None,
    ]


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite's write lock already keeps writers apart; PostgreSQL's does not",
)
@pytest.mark.django_db(transaction=True)
def test_a_twin_committed_while_the_insert_waits_is_refused(monkeypatch):
    """The twin is inserted in another connection's open transaction, invisible to
    every read the service makes; the insert waits on the unique index for it."""
    post = PostFactory()
    real_moderate = services.moderate
    landed = threading.Event()

    def twin_in_another_transaction() -> None:
        try:
            with transaction.atomic():
                twin = Comment.objects.create(
                    post=post, author_name="Ada", author_email=ADA.email, body=BODY,
                    fingerprint=comment_fingerprint(
                        email=ADA.email, name="Ada", body=BODY
                    ),
                )  # fmt: skip
                twin.path = thread_path(parent=None, pk=twin.pk)
                twin.save(update_fields=["path"])
                landed.set()
                time.sleep(1)  # the other insert is waiting now
        finally:
            connection.close()

    def moderate_while_a_twin_lands(*args, **kwargs):
        threading.Thread(target=twin_in_another_transaction).start()
        assert landed.wait(10)
        return real_moderate(*args, **kwargs)

    monkeypatch.setattr(services, "moderate", moderate_while_a_twin_lands)
    with pytest.raises(CommentRejectedError, match="already said that"):
        submit(post)

    assert Comment.objects.filter(post=post).count() == 1
