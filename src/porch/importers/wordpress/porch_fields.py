"""What a Porch WXR export carries beyond WordPress's own fields, both ways.

WordPress has nowhere to put a guest-post intro, discussion questions, a series, a
comment policy, a bio or a list of books, yet exporting and importing again must give
the same site. They ride along where WordPress's importer stores them harmlessly:

- posts: hidden ``_porch_*`` post meta (WordPress keeps it and shows it nowhere);
- comments: ``_porch_markdown`` comment meta, the Markdown the HTML was made from;
- people: ``porch:*`` elements inside ``wp:author``, in a namespace of our own that
  WordPress's importer skips.

A file with these fields came from Porch; the importer then takes the Markdown and
Porch's fields as they are instead of converting WordPress's HTML.
"""

from __future__ import annotations

import re
from datetime import datetime

from porch.blog.models import Post, Series
from porch.importers.media import featured_image, file_name
from porch.importers.report import ImportReport
from porch.importers.wordpress.parse import MARKDOWN, PORCH_NS, WxrItem

__all__ = ["MARKDOWN", "PORCH_NS", "file_name"]
POST_META = {  # meta key -> Post field
    "_porch_intro": "intro",
    "_porch_questions": "questions",
    "_porch_comment_policy": "comment_policy",
    "_porch_featured_image_alt": "featured_image_alt",
}
SERIES_SLUG, SERIES_NAME = "_porch_series", "_porch_series_name"
SERIES_DESCRIPTION = "_porch_series_description"
FEATURED_IMAGE, FEATURED_IMAGE_URL = (
    "_porch_featured_image",
    "_porch_featured_image_url",
)
PUBLISH_AT = "_porch_publish_at"  # a draft's planned time; WordPress drafts have none
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,140}$")


def is_porch_item(item: WxrItem) -> bool:
    return bool(item.meta_value(MARKDOWN))


def post_porch_fill(post: Post, item: WxrItem, report: ImportReport) -> None:
    """Set the Porch-only fields of ``post`` from a Porch export's post meta."""
    post.body = item.meta_value(MARKDOWN)
    post.excerpt = item.excerpt
    for key, name in POST_META.items():
        setattr(post, name, item.meta_value(key))
    post.series = _series(item)
    post.featured_image = featured_image(
        item.meta_value(FEATURED_IMAGE), f"post {item.id}", report
    )
    planned = item.meta_value(PUBLISH_AT)
    if planned and post.status != Post.Status.PUBLISHED:
        post.publish_at = _iso(planned)


def _series(item: WxrItem) -> Series | None:
    slug = item.meta_value(SERIES_SLUG)
    if not _SLUG.match(slug):
        return None
    series, _created = Series.objects.get_or_create(
        slug=slug,
        defaults={
            "name": item.meta_value(SERIES_NAME)[:120] or slug,
            "description": item.meta_value(SERIES_DESCRIPTION),
        },
    )
    return series


def _iso(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
