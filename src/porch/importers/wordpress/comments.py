"""WordPress comments (``wp:comment``) as the importers' shared comment records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import tzinfo

from porch.comments.models import Comment
from porch.importers.records import MARKDOWN, CommentRecord, fingerprint
from porch.importers.wordpress.items import WxrComment, wxr_time

COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
COMMENT_KINDS = {
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
}


def comment_record(comment: WxrComment, *, tz: tzinfo) -> CommentRecord:
    """One ``wp:comment`` as the shared record; ``skip_reason`` says why not."""
    return CommentRecord(
        id=comment.id, parent="" if comment.parent == "0" else comment.parent,
        author_name=comment.author, author_email=comment.author_email,
        author_url=comment.author_url, ip=comment.author_ip,
        created_at=wxr_time(comment.date_gmt, comment.date, tz), html=comment.content,
        status=COMMENT_STATUSES.get(comment.approved, ""),
        kind=COMMENT_KINDS.get(comment.type, ""),
        markdown=comment.meta_value(MARKDOWN), author_person=comment.user_id,
        skip_reason=_comment_skip_reason(comment), digest=fingerprint(comment),
    )  # fmt: skip


class CommentRecords(Iterable[CommentRecord]):
    """A post's comments as shared records, converted each time they are read.

    The writer reads a long discussion several times over; holding every converted
    record instead would cost memory in proportion to it.
    """

    def __init__(self, comments: Iterable[WxrComment], *, tz: tzinfo) -> None:
        self.comments, self.tz = comments, tz

    def __iter__(self) -> Iterator[CommentRecord]:
        return (comment_record(comment, tz=self.tz) for comment in self.comments)


def _comment_skip_reason(comment: WxrComment) -> str:
    if comment.type == "note":
        return "an editor's note, not a comment"
    if comment.type not in COMMENT_KINDS:
        return f"type {comment.type!r} unknown"
    if comment.approved not in COMMENT_STATUSES:
        return f"status {comment.approved!r} unknown"
    return ""
