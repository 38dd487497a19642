"""Deleting posts together with their whole discussion.

A reply protects its parent in the database (``Comment.parent`` is ``PROTECT``), so a
post with a threaded discussion cannot simply be deleted. Here the parent links are
cleared and the post deleted in one transaction: its comments and subscriptions go
with it by cascade, or nothing changes at all.

The audit log keeps one ``ModerationEvent`` per post: the host or editor who did it and
how many comments and replies went, with no comment text, names or emails (the
comments' own earlier events stay, as they do for emptied spam).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db import transaction
from django.db.models import Count, Q

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.desk.errors import ModerationRefusedError
from porch.moderation.models import ModerationEvent
from porch.people.roles import user_edits_any_post

POST_DELETED = "post_deleted"


@dataclass(frozen=True)
class DiscussionSize:
    """What goes with a post: its comments (replies among them) and subscriptions."""

    comments: int = 0
    replies: int = 0
    subscriptions: int = 0


def discussion_sizes(*, post_ids: Iterable[int]) -> dict[int, DiscussionSize]:
    """Each post's discussion size, in two queries whatever the number of posts."""
    ids = list(post_ids)
    comments = (
        Comment.objects.filter(post_id__in=ids)
        .order_by()
        .values("post_id")
        .annotate(
            total=Count("pk"), reply_count=Count("pk", filter=Q(parent__isnull=False))
        )
    )
    subscriptions = dict(
        Post.objects.filter(pk__in=ids)
        .annotate(total=Count("subscriptions"))
        .values_list("pk", "total")
    )
    counted = {row["post_id"]: (row["total"], row["reply_count"]) for row in comments}
    return {
        pk: DiscussionSize(
            comments=counted.get(pk, (0, 0))[0],
            replies=counted.get(pk, (0, 0))[1],
            subscriptions=subscriptions.get(pk, 0),
        )
        for pk in ids
    }


def deletion_summary(size: DiscussionSize) -> str:
    """The words the confirmation page and the audit log use for one discussion."""
    comments = "1 comment" if size.comments == 1 else f"{size.comments} comments"
    replies = "1 reply" if size.replies == 1 else f"{size.replies} replies"
    return f"{comments} ({replies} among them)" if size.replies else comments


def user_may_delete_posts(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Hosts and editors (who edit every post and hold ``blog.delete_post``)."""
    return (
        user_edits_any_post(user)
        and isinstance(user, PermissionsMixin)
        and user.has_perm("blog.delete_post")
    )


@transaction.atomic
def posts_delete_with_discussion(
    *, posts: Iterable[Post], actor: AbstractBaseUser
) -> dict[int, DiscussionSize]:
    """Delete ``posts`` with every comment, reply and subscription on them.

    Refused (nothing deleted) unless ``actor`` may delete posts: hosts and editors.
    Returns what went, by the post's old id.
    """
    if not user_may_delete_posts(actor):
        raise ModerationRefusedError("Only hosts and editors may delete posts.")
    chosen = list(Post.objects.select_for_update().filter(pk__in=[p.pk for p in posts]))
    sizes = discussion_sizes(post_ids=[post.pk for post in chosen])
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            actor_id=actor.pk,
            action=ModerationEvent.Action.REMOVE,
            reasons=[
                {
                    "code": POST_DELETED,
                    "message": f"Post #{post.pk} “{post.title}” deleted with "
                    f"{deletion_summary(sizes[post.pk])}",
                    "evidence": post.slug,
                }
            ],
        )
        for post in chosen
    )
    # Without the links no reply protects its parent; the cascade then takes them all.
    Comment.objects.filter(post__in=chosen, parent__isnull=False).update(parent=None)
    for post in chosen:
        post.delete()  # its post_delete signal drops the cached pages
    return sizes


def post_delete_with_discussion(
    *, post: Post, actor: AbstractBaseUser
) -> DiscussionSize:
    """One post with its whole discussion; see ``posts_delete_with_discussion``."""
    pk = post.pk
    return posts_delete_with_discussion(posts=[post], actor=actor)[pk]
