"""Every write to posts goes through here, so the admin, demo and importers agree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from porch.blog.models import Post
from porch.core.errors import PorchError
from porch.core.images import image_fit_upload
from porch.core.sanitize import plain_text, render_post_markdown
from porch.people.roles import user_can_publish, user_edits_any_post

EXCERPT_WORDS = 45
FEATURED_IMAGE_MAX_WIDTH = 1600


class PostWriteDeniedError(PorchError, PermissionDenied):
    """The writer's role does not allow this change; Django answers it with a 403."""


def post_render(*, post: Post) -> Post:
    """Render the post's Markdown to stored, sanitized HTML (done once, at write time).

    Sets ``body_html`` and ``intro_html``, and fills an empty excerpt from the body.
    The caller saves.
    """
    post.body_html = render_post_markdown(post.body)
    post.intro_html = render_post_markdown(post.intro) if post.intro else ""
    if not post.excerpt.strip():
        words = plain_text(post.body_html).split()
        post.excerpt = " ".join(words[:EXCERPT_WORDS]) + (
            "…" if len(words) > EXCERPT_WORDS else ""
        )
    return post


def post_write_refusal(
    *, post: Post, writer: AbstractBaseUser | AnonymousUser
) -> str | None:
    """Why ``writer`` may not save ``post`` as it now stands, or None when they may.

    Hosts and editors write anything. Authors write only posts under their own byline
    (before and after the change) and may publish them; guest contributors likewise,
    but may not publish, schedule, or touch a post once it is published.
    """
    if not isinstance(writer, PermissionsMixin) or not writer.is_authenticated:
        return "Only signed-in staff write posts."
    needed = "blog.change_post" if post.pk else "blog.add_post"
    if not writer.has_perm(needed):
        return "Your role does not allow writing posts."
    if user_edits_any_post(writer):
        return None
    stored = (
        Post.objects.filter(pk=post.pk)
        .values("status", "publish_at", "author__user_id")
        .first()
    )
    if (
        post.author_id is None
        or post.author.user_id != writer.pk
        or (stored and stored["author__user_id"] != writer.pk)
    ):
        return "You may only write posts under your own byline."
    if user_can_publish(writer):
        return None
    if post.status == Post.Status.PUBLISHED or (
        stored and stored["status"] == Post.Status.PUBLISHED
    ):
        return "Guest contributors submit posts for review; an editor publishes them."
    if post.publish_at != (stored["publish_at"] if stored else None):
        return "Guest contributors cannot schedule posts."
    return None


@transaction.atomic
def post_save_from_admin(
    *, post: Post, writer: AbstractBaseUser | AnonymousUser
) -> Post:
    """Save a post written in the admin, after checking the writer's role allows it.

    Publishing without a time publishes now. A new featured image is turned upright
    and shrunk to 1600 px wide before it reaches storage; the Markdown is rendered.
    Raises ``PostWriteDeniedError`` (a ``PermissionDenied``) or ``ValidationError``
    before anything is written. Tags and categories are the caller's to save.
    """
    refusal = post_write_refusal(post=post, writer=writer)
    if refusal:
        raise PostWriteDeniedError(refusal)
    if post.status == Post.Status.PUBLISHED and post.publish_at is None:
        post.publish_at = timezone.now()
    image_fit_upload(post.featured_image, max_width=FEATURED_IMAGE_MAX_WIDTH)
    post_render(post=post)
    post.full_clean()
    post.save()
    return post
