"""Already said: one live copy of each thing a writer says on a post.

Two guards. A read before the insert gives the quick answer (and covers imported
comments, which carry no fingerprint); the unique fingerprint in the database
(``comment_said_once``) holds when twins race past that read, as a double click or a
proxy's retry do on PostgreSQL, whose transactions do not see each other's rows.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from porch.blog.models import Post
from porch.comments.models import Comment

ALREADY_SAID = "It looks as though you\u2019ve already said that!"


def duplicate_stored(*, post: Post, email: str, name: str, body: str) -> bool:
    """Whether the writer (their email, else their name) already said ``body``."""
    same = Comment.objects.filter(post=post, body=body).exclude(
        status=Comment.Status.REMOVED
    )
    if email:
        same = same.filter(author_email__iexact=email)
    else:
        same = same.filter(author_name=name)
    return same.exists()


def _fingerprint_taken(comment: Comment) -> bool:
    return (
        comment.fingerprint is not None
        and Comment.objects.filter(
            post_id=comment.post_id, fingerprint=comment.fingerprint
        )
        .exclude(status=Comment.Status.REMOVED)
        .exclude(pk=comment.pk)
        .exists()
    )


def saved_unless_twin(comment: Comment, *, update_fields: list[str] | None) -> bool:
    """Save ``comment``; False, with nothing saved, when a live twin holds its
    fingerprint.

    The database's unique index decides, so a twin committed while this save waited
    is found too. The save runs in a savepoint, so the caller's transaction stays
    usable; any other integrity error is raised as it came.
    """
    try:
        with transaction.atomic():
            comment.save(update_fields=update_fields)
    except IntegrityError:
        if not _fingerprint_taken(comment):
            raise
        return False
    return True


def comment_fingerprint_free(comment: Comment) -> str | None:
    """``comment``'s fingerprint, or None when another live comment now holds it.

    For a removed comment brought back by a moderator: its writer may have said the
    same again meanwhile, and that newer copy keeps the fingerprint.
    """
    return None if _fingerprint_taken(comment) else comment.fingerprint
