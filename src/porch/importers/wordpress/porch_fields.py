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
from dataclasses import replace
from datetime import datetime

from porch.blog.models import Post
from porch.importers.media import featured_image, file_name
from porch.importers.records import (
    MARKDOWN,
    PorchPostFields,
    PostRecord,
    SeriesRecord,
)
from porch.importers.report import ImportReport
from porch.importers.wordpress.items import PORCH_NS, WxrItem

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


def porch_post_read(
    record: PostRecord, item: WxrItem, problems: list[str]
) -> PostRecord:
    """``record`` with the Markdown and Porch-only fields of a Porch export's post."""
    checked = ImportReport()  # the media folder's verdict, reported with the post
    image = featured_image(item.meta_value(FEATURED_IMAGE), f"post {item.id}", checked)
    problems.extend(checked.problems)
    fields = PorchPostFields(
        **{name: item.meta_value(key) for key, name in POST_META.items()},
        featured_image=image,
        series=_series(item),
    )
    publish_at = record.publish_at
    planned = item.meta_value(PUBLISH_AT)
    if planned and record.status != Post.Status.PUBLISHED:
        publish_at = _iso(planned)
    return replace(
        record, body=item.meta_value(MARKDOWN), excerpt=item.excerpt, porch=fields,
        publish_at=publish_at,
    )  # fmt: skip


def _series(item: WxrItem) -> SeriesRecord | None:
    slug = item.meta_value(SERIES_SLUG)
    if not _SLUG.match(slug):
        return None
    name = item.meta_value(SERIES_NAME)[:120] or slug
    return SeriesRecord(slug, name, item.meta_value(SERIES_DESCRIPTION))


def _iso(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
