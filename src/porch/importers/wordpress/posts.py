"""One WordPress post or page: the post, its comments and its old addresses at once."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from typing import Any
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from porch.blog.models import Post
from porch.blog.services import post_render
from porch.importers.imported import (
    fingerprint,
    imported_find,
    imported_record,
    redirects_add,
    target_pk,
    unique_slug,
)
from porch.importers.models import ImportedObject
from porch.importers.records import PersonRecord
from porch.importers.wordpress.content import (
    Attachments,
    excerpt_text,
    post_body_convert,
)
from porch.importers.wordpress.context import WordPressRun
from porch.importers.wordpress.parse import WxrItem, comment_record
from porch.importers.wordpress.porch_fields import is_porch_item, post_porch_fill
from porch.importers.writer.comments import comments_write
from porch.importers.writer.people import person_write
from porch.importers.writer.terms import term_pk

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


def post_item_import(item: WxrItem, ctx: WordPressRun) -> Post | None:
    """Import one post or page with its comments and old addresses, all or nothing."""
    with transaction.atomic():
        post = post_write(item, ctx)
        if post is None:
            return None
        comments = [comment_record(c, tz=ctx.tz) for c in item.comments]
        comments_write(comments=comments, post=post, ctx=ctx)
        added = redirects_add(
            source=ctx.source, paths=legacy_paths(item, ctx), target=post
        )
        if added:
            ctx.report.count("redirect", "imported", added)
    return post


def post_write(item: WxrItem, ctx: WordPressRun) -> Post | None:
    """Create or update the Porch post for ``item``; None when it is skipped."""
    kind = "page" if item.type == "page" else "post"
    if item.status in SKIPPED_STATUSES or item.status not in STATUSES:
        reason = SKIPPED_STATUSES.get(item.status, f"status {item.status!r} unknown")
        ctx.report.skip(kind, item.id, reason)
        return None
    record = imported_find(source=ctx.source, kind="post", import_ids=[item.id]).get(
        item.id
    )
    digest = fingerprint(replace(item, comments=()))
    if record is not None:
        pk = target_pk(record, Post)
        if pk is None:
            ctx.report.skip(kind, item.id, "deleted in Porch after an earlier import")
            return None
        post = Post.objects.get(pk=pk)
        if record.fingerprint == digest:
            ctx.report.count(kind, "unchanged")
            return post
    else:
        post = Post()
    metadata = _post_fill(post, item, ctx)
    post.full_clean(exclude=["featured_image"])
    post.save()
    _post_terms(post, item, ctx)
    imported_record(
        source=ctx.source, kind="post", import_id=item.id, target=post,
        digest=digest, metadata=metadata, record=record,
    )  # fmt: skip
    ctx.report.count(kind, "imported" if record is None else "updated")
    return post


def _post_fill(post: Post, item: WxrItem, ctx: WordPressRun) -> dict[str, Any]:
    label = f"{item.type} {item.id} “{item.title[:60]}”"
    post.title = item.title[:200] or "(untitled)"
    post.slug = unique_slug(
        Post,
        unquote(item.name) or item.title,
        fallback=f"wordpress-{item.id}",
        max_length=200,
        exclude_pk=post.pk,
    )
    post.author = _post_author(item, ctx)
    post.status, post.publish_at = _post_status(item, ctx, label)
    post.comments_open = item.comment_status != "closed"
    if is_porch_item(item):  # exported by Porch: its own Markdown and fields, as is
        post_porch_fill(post, item, ctx.report)
    else:
        _post_body_convert(post, item, ctx, label)
    post_render(post=post)
    if item.is_sticky:
        ctx.report.problem(f"{label}: was sticky; Porch has no sticky posts")
    return {"type": item.type, "link": item.link, "sticky": item.is_sticky}


def _post_body_convert(
    post: Post, item: WxrItem, ctx: WordPressRun, label: str
) -> None:
    attachments, known = _attachments_for(item, ctx)
    converted = post_body_convert(
        item.content,
        attachments=attachments,
        post_attachments=[key for key, (_u, _t, is_own) in known.items() if is_own],
    )
    if converted.notes:
        ctx.report.problem(f"{label}: {'; '.join(dict.fromkeys(converted.notes))}")
    body = converted.html or EMPTY_BODY
    image = item.meta_value("_thumbnail_id")
    if image in known:  # readers saw it above the post: keep it there, as a link
        url, title, _is_own = known[image]
        image_tag = f'<img src="{escape(url)}" alt="{escape(title)}">'
        body = f"<figure>{image_tag}</figure>\n\n{body}"
    post.body = body
    post.excerpt = excerpt_text(item.excerpt)


def _post_status(item: WxrItem, ctx: WordPressRun, label: str) -> tuple[str, Any]:
    status = STATUSES[item.status]
    if item.password:
        ctx.report.problem(f"{label}: was password-protected; imported as a draft")
        status = Post.Status.DRAFT
    elif item.status == "private":
        ctx.report.problem(f"{label}: was private; imported as a draft")
    if status != Post.Status.PUBLISHED:
        return status, None
    when = ctx.aware(item.date_gmt, item.date)
    if when is None:
        ctx.report.problem(f"{label}: had no date; published now")
        when = timezone.now()
    return status, when


def _post_author(item: WxrItem, ctx: WordPressRun) -> Any:
    login = item.creator.strip("<> ") or "wordpress"  # seen: ">name" in real exports
    person = ctx.people.get(login.lower())
    if person is None:  # exports filtered by author may leave the author list out
        author = PersonRecord(id="", login=login, email="", display_name=login)
        person = person_write(author, ctx)
    return person


def _post_terms(post: Post, item: WxrItem, ctx: WordPressRun) -> None:
    categories, tags = [], []
    for domain, slug, name in item.terms:
        if domain == "category":
            categories.append(term_pk(ctx, "category", slug or name, name))
        elif domain == "post_tag":
            tags.append(term_pk(ctx, "tag", slug or name, name))
    post.categories.set(categories)
    post.tags.set(tags)


def _attachments_for(
    item: WxrItem, ctx: WordPressRun
) -> tuple[Attachments, dict[str, tuple[str, str, bool]]]:
    """Attachments the post shows: its own, its gallery's and its featured image."""
    wanted = {item.meta_value("_thumbnail_id")} - {""}
    for ids in _GALLERY_IDS.findall(item.content):
        wanted.update(part.strip() for part in ids.split(",") if part.strip())
    query = Q(import_id__in=wanted)
    if "[gallery" in item.content:
        query |= Q(metadata__parent=item.id)
    if not wanted and "[gallery" not in item.content:
        return {}, {}
    records = ImportedObject.objects.filter(
        query, source=ctx.source, kind="attachment"
    ).order_by("pk")
    found = {
        r.import_id: (
            str(r.meta.get("url", "")),
            str(r.meta.get("title", "")),
            r.meta.get("parent") == item.id,
        )
        for r in records
    }
    return {key: (url, title) for key, (url, title, _p) in found.items()}, found


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
