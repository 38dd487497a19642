"""A reader's comment through the page's form with the sentence model on."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.urls import reverse

from porch.comments.models import Comment
from porch.moderation.sentence import Embeddings, SentenceEncoder
from tests.comments.helpers import form_started
from tests.factories import PostFactory
from tests.moderation.conftest import skip_without_sentence_extra

skip_without_sentence_extra()

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sentence_on")]

FORM = {
    "name": "Ada",
    "email": "ada@example.com",
    "body": "Stepping back let the quietest person on my team lead the planning.",
    "started": form_started(),
}


def submit(client) -> tuple[int, Comment]:
    post = PostFactory()
    response = client.post(reverse("comments:create", args=[post.slug]), FORM)
    return response.status_code, Comment.objects.get(post=post)


def test_a_comment_is_scored_with_the_sentence_model_and_kept(client):
    status, comment = submit(client)

    assert (status, comment.body, comment.status) == (302, FORM["body"], "pending")
    assert [reason["code"] for reason in comment.moderation_reasons] == ["first_time"]
    assert sorted(comment.moderation_scores) == ["off_topic", "offensive", "spam"]


def test_an_encoder_failing_mid_batch_holds_the_comment_as_a_failed_check(
    client, monkeypatch
):
    def fail(self: SentenceEncoder, texts: Sequence[str]) -> Embeddings:
        raise RuntimeError("the session failed")

    monkeypatch.setattr(SentenceEncoder, "encode", fail)
    status, comment = submit(client)

    assert (status, comment.body, comment.status) == (302, FORM["body"], "pending")
    assert comment.moderation_reasons[0] == {
        "code": "check_failed",
        "message": "automatic check failed",
        "evidence": ["offensive"],
    }
    assert [r["code"] for r in comment.moderation_reasons] == [
        "check_failed",
        "check_failed",
        "check_failed",
        "first_time",
    ]
