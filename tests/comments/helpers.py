"""Building large discussions fast, with the same path rule as the service; the
form's signed time and a returning reader's proof cookie, as a browser has them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core import signing
from django.test import Client
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.cookies import PROOF_COOKIE, PROOF_SALT
from porch.comments.models import Comment, thread_path
from porch.moderation.rules import form_token_make
from tests.factories import CommentFactory


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


def form_started(*, seconds_ago: int = 60) -> str:
    """The comment form's signed time, as a page shown ``seconds_ago`` would carry."""
    return form_token_make(timezone.now() - timedelta(seconds=seconds_ago))


def proof_cookie_set(
    client: Client, *, comments: Iterable[int] = (), emails: Iterable[str] = ()
) -> None:
    """Give ``client`` the signed proof cookie a browser earns by commenting or by
    following a confirmation link."""
    data = {"comments": sorted(comments), "emails": sorted(emails)}
    client.cookies[PROOF_COOKIE] = signing.dumps(data, salt=PROOF_SALT)


def known_commenter(client: Client, *, name: str, email: str) -> Comment:
    """An approved comment by ``name``/``email`` that ``client``'s browser wrote."""
    earlier = CommentFactory(author_name=name, author_email=email)
    proof_cookie_set(client, comments=[earlier.pk])
    return earlier
