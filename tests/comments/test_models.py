import pytest
from django.db import IntegrityError, transaction

from porch.comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_reply_path_extends_its_parent_path():
    parent = CommentFactory()
    reply = CommentFactory(post=parent.post, parent=parent)
    assert parent.path == str(parent.pk).zfill(10)
    assert reply.path == f"{parent.path}/{str(reply.pk).zfill(10)}"
    assert (parent.depth, reply.depth) == (0, 1)
    assert reply.ancestor_ids == [parent.pk]


def test_database_refuses_an_empty_body():
    comment = CommentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(body="")
    comment.refresh_from_db()
    assert comment.body != ""


def test_database_refuses_a_javascript_website():
    comment = CommentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(author_url="javascript:alert(1)")
    comment.refresh_from_db()
    assert comment.author_url == ""
