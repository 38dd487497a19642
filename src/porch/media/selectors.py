"""Reads about images: which posts use one, and the site's default share image."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from porch.blog.models import Post
from porch.media.models import Image


@dataclass(frozen=True)
class ImageUse:
    post_id: int
    title: str


def image_uses(*, image: Image) -> list[ImageUse]:
    """The posts whose Markdown (body or intro) shows ``image``, by title.

    A post uses an image by its address, so this reads the text itself: it is never
    out of date, whichever way the post was written (admin, import, demo).
    """
    name = str(image.file.name)
    posts = Post.objects.filter(Q(body__contains=name) | Q(intro__contains=name))
    return [
        ImageUse(post_id=pk, title=title)
        for pk, title in posts.order_by("title").values_list("pk", "title")
    ]


def default_share_image_get() -> Image | None:
    """The image for link previews of a post without a featured image, if any."""
    return Image.objects.filter(is_default_share_image=True).first()
