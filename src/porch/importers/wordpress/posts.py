"""One WordPress post or page as a ``PostRecord``: its body converted, nothing written.

The body names attachments by id; ``AttachmentsFind`` (the writer's lookup of those an
earlier pass remembered) turns them into links. Problems go into the record, reported
only if the post is written, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from html import escape
from urllib.parse import unquote, urlsplit

from django.utils import timezone

from porch.blog.models import Post
from porch.importers.records import PersonRecord, PostRecord, TermRecord, fingerprint
from porch.importers.wordpress.comments import CommentRecords
from porch.importers.wordpress.content import excerpt_text, post_body_convert
from porch.importers.wordpress.context import WordPressRun
from porch.importers.wordpress.items import WxrItem, with_wxr_digest
from porch.importers.wordpress.porch_fields import is_porch_item, porch_post_read

POST_TYPES = {"post", "page"}
STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # a publish time in the future schedules it
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.REVIEW,
    "private": Post.Status.DRAFT,
}
SKIPPED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an empty auto-draft",
    "inherit": "a revision",
}
EMPTY_BODY = "*(This post had no text in WordPress.)*"
_GALLERY_IDS = re.compile(r"\[gallery[^\]]*?\b(?:ids|include)=[\"']?([\d,\s]+)")
# (attachment ids, the post's id, whether its own uploads are wanted too) ->
# {id: (url, title, uploaded to this post)}
AttachmentsFind = Callable[
    [Collection[str], str, bool], dict[str, tuple[str, str, bool]]
]


def post_record(
    item: WxrItem, ctx: WordPressRun, attachments: AttachmentsFind
) -> PostRecord:
    """``item`` as the writer's record; ``skip_reason`` says when it is not content."""
    kind = "page" if item.type == "page" else "post"
    digest = fingerprint(replace(item, comments=()))
    if item.status in SKIPPED_STATUSES or item.status not in STATUSES:
        reason = SKIPPED_STATUSES.get(item.status, f"status {item.status!r} unknown")
        return PostRecord(id=item.id, kind=kind, digest=digest, skip_reason=reason)
    label = f"{item.type} {item.id} “{item.title[:60]}”"
    problems: list[str] = []
    status, publish_at = _post_status(item, ctx, label, problems)
    login = item.creator.strip("<> ") or "wordpress"  # seen: ">name" in real exports
    record = PostRecord(
        id=item.id, kind=kind, digest=digest, title=item.title[:200] or "(untitled)",
        slug=unquote(item.name) or item.title, slug_fallback=f"wordpress-{item.id}",
        author=with_wxr_digest(
            PersonRecord(id="", login=login, email="", display_name=login)
        ),
        status=status, publish_at=publish_at,
        comments_open=item.comment_status != "closed",
        categories=_terms(item, "category"), tags=_terms(item, "post_tag"),
        redirect_paths=tuple(legacy_paths(item, ctx)),
        metadata=(("type", item.type), ("link", item.link), ("sticky", item.is_sticky)),
        comments=CommentRecords(item.comments, tz=ctx.tz),
    )  # fmt: skip
    if is_porch_item(item):  # exported by Porch: its own Markdown and fields, as is
        record = porch_post_read(record, item, problems)
    else:
        record = _body_convert(record, item, attachments, label, problems)
    if item.is_sticky:
        problems.append(f"{label}: was sticky; Porch has no sticky posts")
    return replace(record, problems=tuple(problems))


def _body_convert(
    record: PostRecord,
    item: WxrItem,
    attachments: AttachmentsFind,
    label: str,
    problems: list[str],
) -> PostRecord:
    known = _attachments_for(item, attachments)
    converted = post_body_convert(
        item.content,
        attachments={key: (url, title) for key, (url, title, _o) in known.items()},
        post_attachments=[key for key, (_u, _t, is_own) in known.items() if is_own],
    )
    if converted.notes:
        problems.append(f"{label}: {'; '.join(dict.fromkeys(converted.notes))}")
    body = converted.html or EMPTY_BODY
    image = item.meta_value("_thumbnail_id")
    if image in known:  # readers saw it above the post: keep it there, as a link
        url, title, _is_own = known[image]
        image_tag = f'<img src="{escape(url)}" alt="{escape(title)}">'
        body = f"<figure>{image_tag}</figure>\n\n{body}"
    return replace(record, body=body, excerpt=excerpt_text(item.excerpt))


def _post_status(
    item: WxrItem, ctx: WordPressRun, label: str, problems: list[str]
) -> tuple[str, datetime | None]:
    status = STATUSES[item.status]
    if item.password:
        problems.append(f"{label}: was password-protected; imported as a draft")
        status = Post.Status.DRAFT
    elif item.status == "private":
        problems.append(f"{label}: was private; imported as a draft")
    if status != Post.Status.PUBLISHED:
        return status, None
    when = ctx.aware(item.date_gmt, item.date)
    if when is None:
        problems.append(f"{label}: had no date; published now")
        when = timezone.now()
    return status, when


def _terms(item: WxrItem, domain: str) -> tuple[TermRecord, ...]:
    kind = "category" if domain == "category" else "tag"
    return tuple(
        with_wxr_digest(TermRecord(kind=kind, id="", slug=slug or name, name=name))
        for d, slug, name in item.terms
        if d == domain
    )


def _attachments_for(
    item: WxrItem, attachments: AttachmentsFind
) -> dict[str, tuple[str, str, bool]]:
    """Attachments the post shows: its own, its gallery's and its featured image."""
    wanted = {item.meta_value("_thumbnail_id")} - {""}
    for ids in _GALLERY_IDS.findall(item.content):
        wanted.update(part.strip() for part in ids.split(",") if part.strip())
    has_gallery = "[gallery" in item.content
    if not wanted and not has_gallery:
        return {}
    return attachments(wanted, item.id, has_gallery)


def legacy_paths(item: WxrItem, ctx: WordPressRun) -> list[str]:
    """Every old address of the post: its permalink, date and slug forms, ``?p=``."""
    prefix = ctx.site_path
    parts = urlsplit(item.link)
    paths = []
    if parts.path and not parts.query:
        paths.append(normalize_path(unquote(parts.path)))
    name = unquote(item.name)
    if name:
        paths.append(f"{prefix}/{name}/")
        if item.date is not None:
            paths.append(f"{prefix}/{item.date:%Y/%m/%d}/{name}/")
            paths.append(f"{prefix}/{item.date:%Y/%m}/{name}/")
    paths.append(f"{prefix}/?p={item.id}")
    if item.type == "page":
        paths.append(f"{prefix}/?page_id={item.id}")
    return paths


def normalize_path(path: str) -> str:
    """The form old paths are stored and looked up in: one trailing slash."""
    return path.rstrip("/") + "/"
