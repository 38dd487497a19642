"""Text from posts and commenters never breaks an email's headers."""

import pytest
from django.core.cache import cache

from porch.core.models import SiteSettings
from porch.desk.services.comments import comment_moderate
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_removal_notice_for_a_post_title_with_a_line_break_is_sent_on_one_line(
    mailoutbox, django_capture_on_commit_callbacks
):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(moderation_email_commenter_on_removal=True)
    cache.clear()
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    # An imported title can carry a line break; in a Subject it would end the header.
    post = PostFactory(title="Walking\nBcc: everyone@example.org")
    comment = CommentFactory(post=post, author_email="told@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, actor=host, action="remove_off_topic")

    assert [m.subject for m in mailoutbox] == [
        "Your comment on \u201cWalking Bcc: everyone@example.org\u201d was removed"
    ]
    assert mailoutbox[0].bcc == []
    assert mailoutbox[0].message()["Bcc"] is None
