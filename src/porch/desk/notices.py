"""The note that tells a commenter their comment was removed, and which rule it broke.

A background job (``comment_moderate`` enqueues it after the commit) when the host
turned ``moderation_email_commenter_on_removal`` on. Jobs take ids only and load
fresh rows.
"""

from __future__ import annotations

from django_tasks import task

from porch.comments.models import Comment
from porch.comments.verdicts import DECISIONS
from porch.core.mail import email_message, emails_send
from porch.core.models import SiteSettings
from porch.moderation.models import ModerationEvent


@task()
def comment_removal_notify(comment_id: int, action: str) -> int:
    """Email a commenter that their comment was removed and which rule it broke.

    Returns the number of emails sent (0 if the comment is gone or back on show).
    """
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.REMOVED:
        return 0
    site = SiteSettings.current()
    decision = DECISIONS.get(action)
    fallback = DECISIONS[ModerationEvent.Action.REMOVE].removal_rule
    context = {
        "post_title": comment.post.title,
        "rule": (decision.removal_rule if decision else "") or fallback,
        "policy": comment.post.comment_policy or site.comment_policy,
        "comment_body": comment.body,
    }
    message = email_message(
        template="desk/email/comment_removed",
        context=context,
        subject=f"Your comment on \u201c{comment.post.title}\u201d was removed",
        to=comment.author_email,
        html=False,  # a plain note, as it has always been
    )
    sent = emails_send([message], what="removal notices")
    return sent
