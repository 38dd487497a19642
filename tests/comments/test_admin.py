"""The comment change form in the admin: a body edit reaches the page and the log."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from porch.comments.models import Comment
from porch.moderation.models import ModerationEvent
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_form_data(comment: Comment, **changes: object) -> dict[str, object]:
    data = model_to_dict(
        comment,
        fields=["post", "parent", "kind", "author_name", "author_email", "author_url"],
    )
    data = {key: "" if value is None else value for key, value in data.items()}
    return {**data, "user": "", "body": comment.body, **changes}


def test_admin_body_edit_shows_on_the_page_and_is_logged(client):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(body="Call me on 555 0100.")
    client.force_login(host)

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        change_form_data(comment, body="Call me (number removed)."),
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p>Call me (number removed).</p>\n"
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "555 0100" not in page
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.action, event.actor, event.text_before, event.text_after) == (
        "edit",
        host,
        "Call me on 555 0100.",
        "Call me (number removed).",
    )


def test_admin_save_without_a_body_change_logs_nothing(client):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(body="Unchanged words.")
    client.force_login(host)

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        change_form_data(comment, author_name="Renamed"),
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.author_name, comment.body_html) == (
        "Renamed",
        "<p>Unchanged words.</p>\n",
    )
    assert not ModerationEvent.objects.filter(comment=comment).exists()


def test_admin_cannot_move_a_comment_to_another_post_or_thread(client):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(body="Stays put.")
    elsewhere = CommentFactory()
    client.force_login(host)

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        change_form_data(comment, post=elsewhere.post_id, parent=elsewhere.pk),
    )

    assert response.status_code == 302
    moved = Comment.objects.get(pk=comment.pk)
    assert (moved.post_id, moved.parent_id, moved.path) == (
        comment.post_id,
        None,
        comment.path,
    )
