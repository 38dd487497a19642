"""Every write to posts goes through here, so the admin, demo and importers agree."""

from __future__ import annotations

from porch.blog.models import Post
from porch.core.sanitize import plain_text, render_post_markdown

EXCERPT_WORDS = 45


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
