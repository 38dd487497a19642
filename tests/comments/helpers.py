"""Building large discussions fast, with the same path rule as the service."""

from __future__ import annotations

from porch.blog.models import Post
from porch.comments.models import Comment, thread_path


def discussion_build(*, post: Post, threads: int, replies_each: int = 0) -> None:
    """``threads`` approved top-level comments, each with a chain of replies."""
    tops = Comment.objects.bulk_create(
        Comment(
            post=post,
            author_name=f"Reader {n}",
            author_email=f"reader{n}@example.com",
            body=f"Thought number {n}.",
            body_html=f"<p>Thought number {n}.</p>",
            status=Comment.Status.APPROVED,
        )
        for n in range(threads)
    )
    for top in tops:
        top.path = thread_path(parent=None, pk=top.pk)
    Comment.objects.bulk_update(tops, ["path"])
    level = tops
    for depth in range(replies_each):
        made = Comment.objects.bulk_create(
            Comment(
                post=post,
                parent=parent,
                author_name=f"Replier {depth}",
                author_email=f"replier{depth}@example.com",
                body=f"Reply at depth {depth + 1} to {parent.pk}.",
                body_html=f"<p>Reply at depth {depth + 1} to {parent.pk}.</p>",
                status=Comment.Status.APPROVED,
            )
            for parent in level
        )
        for reply, parent in zip(made, level, strict=True):
            reply.path = thread_path(parent=parent, pk=reply.pk)
        Comment.objects.bulk_update(made, ["path"])
        level = made
