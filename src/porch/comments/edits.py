"""A writer's own changes to their comment: edits and withdrawals within the window.

Split from ``porch.comments.services`` (new comments) by sub-domain; the same rate
limits apply, and an edited approved comment is moderated again.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from porch.comments.identity import IdentityProof, commenter_standing
from porch.comments.models import Comment, comment_fingerprint
from porch.comments.services import (
    EDIT_WINDOW,
    CommentRejectedError,
    comment_rate_check,
    comment_saved_once,
)
from porch.comments.verdicts import (
    comment_submission,
    comment_verdict_apply,
    moderation_context_for,
)
from porch.core.sanitize import render_comment_markdown
from porch.moderation.pipeline import moderate


def _check_writer_may_change(
    *, comment: Comment, writer_ids: Collection[int], now: datetime | None
) -> None:
    if comment.pk not in writer_ids:
        raise CommentRejectedError("Only the person who wrote a comment may change it.")
    if comment.status == Comment.Status.REMOVED:
        raise CommentRejectedError("This comment was removed.")
    if (now or timezone.now()) - comment.created_at > EDIT_WINDOW:
        raise CommentRejectedError(
            "Comments can be changed for 15 minutes after posting; "
            "this one no longer can."
        )


@transaction.atomic
def comment_edit(
    *,
    comment: Comment,
    body: str,
    writer_ids: Collection[int],
    ip: str,
    now: datetime | None = None,
) -> Comment:
    """Replace the body of the writer's own comment within 15 minutes of posting.

    ``writer_ids`` are the comments this browser wrote (from its signed cookie).
    An edit counts against the same rate limit as a new comment. The new text of an
    approved comment is moderated again (logged as an ``auto_*`` event), so spam
    cannot come in by editing; a held or spam comment stays so for a moderator.
    """
    _check_writer_may_change(comment=comment, writer_ids=writer_ids, now=now)
    comment_rate_check(ip=ip, email=comment.author_email)
    comment.body = body.strip()
    comment.body_html = render_comment_markdown(comment.body)
    comment.fingerprint = comment_fingerprint(
        email=comment.author_email, name=comment.author_name, body=comment.body
    )
    comment.full_clean(exclude=["path", "parent", "post", "user", "fingerprint"])
    # Edited into the words of another of the writer's comments: already said.
    comment_saved_once(
        comment, update_fields=["body", "body_html", "fingerprint", "updated_at"]
    )
    if comment.status != Comment.Status.APPROVED:
        return comment
    standing = commenter_standing(
        post=comment.post,
        name=comment.author_name,
        email=comment.author_email,
        user=comment.user,
        proof=IdentityProof(comment_ids=frozenset(writer_ids)),
    )
    context = moderation_context_for(
        post=comment.post, email=comment.author_email, now=now, standing=standing
    )
    verdict = moderate(comment_submission(comment, ip=ip), context)
    comment_verdict_apply(comment=comment, verdict=verdict)
    return comment


@transaction.atomic
def comment_delete(
    *, comment: Comment, writer_ids: Collection[int], now: datetime | None = None
) -> Comment:
    """Withdraw the writer's own comment within 15 minutes of posting.

    The row stays (status removed): replies keep their place under a placeholder.
    """
    _check_writer_may_change(comment=comment, writer_ids=writer_ids, now=now)
    comment.status = Comment.Status.REMOVED
    comment.save(update_fields=["status", "updated_at"])
    return comment
