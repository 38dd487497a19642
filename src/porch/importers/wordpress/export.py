"""``porch export wordpress``: the whole site as WXR 1.2, for WordPress's own importer.

The file follows what WordPress's ``export_wp()`` writes (``wp-admin/includes/
export.php``): people as ``wp:author``, categories with their parents, tags, then one
``item`` per post with its terms and every comment, threaded by ``wp:comment_parent``.

Post bodies go out as the stored, sanitized HTML inside a ``wp:html`` block, so
WordPress shows them as they look in Porch instead of re-paragraphing them; the
Markdown they were written in, and every field WordPress has no place for, ride along
as described in ``porch_fields`` so that importing the file gives the same site.

The export is for the host and holds private data: commenters' email addresses and
(truncated) IP addresses, and people's emails. Keep it as carefully as a backup.
It is written as a stream, one post at a time, so a large site needs little memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Prefetch
from django.utils import timezone
from lxml import etree

from porch.blog.models import Category, Post, Tag
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.importers.wordpress import porch_fields as pf
from porch.people.models import Person

WXR_VERSION = "1.2"
WP = "http://wordpress.org/export/1.2/"
NSMAP = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": WP,
    "porch": pf.PORCH_NS,
}
NO_DATE = "0000-00-00 00:00:00"
APPROVED = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}
# XML 1.0 cannot hold these at all; they can only be pasted-in garbage.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHUNK = 200


@dataclass(frozen=True)
class ExportCounts:
    people: int = 0
    categories: int = 0
    tags: int = 0
    posts: int = 0
    comments: int = 0

    def summary(self) -> str:
        return (
            f"{self.people} people, {self.categories} categories, {self.tags} tags, "
            f"{self.posts} posts, {self.comments} comments"
        )


def wordpress_export(*, out: IO[bytes], now: datetime | None = None) -> ExportCounts:
    """Write every person, term, post and comment to ``out`` as WXR 1.2.

    ``now`` decides which published posts are still scheduled (``future``).
    """
    now = now or timezone.now()
    site = SiteSettings.current()
    with etree.xmlfile(out, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element("rss", version="2.0", nsmap=NSMAP), xml.element("channel"):
            for tag, value in _channel(site.site_name, site.tagline, now):
                xml.write(_element(tag, value))
            people = _write_all(xml, (_author(p) for p in _people()))
            categories = _write_all(xml, _categories())
            tags = _write_all(xml, _tags())
            xml.write(_element("generator", "Porch"))
            posts = comments = 0
            for post in _posts():
                item, written = _item(post, now)
                xml.write(item)
                posts, comments = posts + 1, comments + written
    return ExportCounts(people, categories, tags, posts, comments)


def _channel(name: str, tagline: str, now: datetime) -> list[tuple[str, str]]:
    return [
        ("title", name),
        ("link", settings.SITE_URL),
        ("description", tagline),
        ("pubDate", now.strftime("%a, %d %b %Y %H:%M:%S +0000")),
        ("language", settings.LANGUAGE_CODE),
        (f"{{{WP}}}wxr_version", WXR_VERSION),
        (f"{{{WP}}}base_site_url", settings.SITE_URL),
        (f"{{{WP}}}base_blog_url", settings.SITE_URL),
    ]


def _write_all(xml: Any, elements: Iterable[Any]) -> int:
    count = 0
    for element in elements:
        xml.write(element)
        count += 1
    return count


def _element(tag: str, value: str = "", *, cdata: bool = False, **attrs: str) -> Any:
    element = etree.Element(tag, attrs, nsmap=NSMAP)
    _set_text(element, value, cdata=cdata)
    return element


def _set_text(element: Any, value: str, *, cdata: bool) -> None:
    value = _NOT_XML.sub("", value)
    # lxml cannot put "]]>" in one CDATA section; escaped text means the same.
    element.text = (
        etree.CDATA(value) if cdata and value and "]]>" not in value else value
    )


def _add(parent: Any, name: str, value: object, *, cdata: bool = False) -> None:
    prefix, _colon, local = name.rpartition(":")
    tag = f"{{{NSMAP[prefix]}}}{local}" if prefix else local
    _set_text(etree.SubElement(parent, tag), str(value), cdata=cdata)


def _people() -> Iterable[Person]:
    people = Person.objects.select_related("user").prefetch_related("books")
    return people.order_by("pk").iterator(_CHUNK)


def _author(person: Person) -> Any:
    element = etree.Element(f"{{{WP}}}author", nsmap=NSMAP)
    user = person.user
    for name, value in [
        ("wp:author_id", person.pk),
        ("wp:author_login", person.slug),
        ("wp:author_email", person.email or (user.email if user else "")),
        ("wp:author_display_name", person.display_name),
        ("wp:author_first_name", user.first_name if user else ""),
        ("wp:author_last_name", user.last_name if user else ""),
    ]:
        _add(element, name, value, cdata=name != "wp:author_id")
    for name, value in [
        ("porch:login", user.get_username() if user else ""),
        ("porch:bio", person.bio),
        ("porch:site_name", person.site_name),
        ("porch:site_url", person.site_url),
        ("porch:photo", pf.file_name(person.photo)),
    ]:
        if value:
            _add(element, name, value, cdata=True)
    for book in person.books.all():
        tag = f"{{{pf.PORCH_NS}}}book"
        attrs = {"url": book.url, "position": str(book.position)}
        _set_text(etree.SubElement(element, tag, attrs), book.title, cdata=True)
    return element


def _categories() -> Iterable[Any]:
    for category in Category.objects.select_related("parent").order_by("pk"):
        element = etree.Element(f"{{{WP}}}category", nsmap=NSMAP)
        _add(element, "wp:term_id", category.pk)
        _add(element, "wp:category_nicename", category.slug)
        _add(
            element,
            "wp:category_parent",
            category.parent.slug if category.parent else "",
        )
        _add(element, "wp:cat_name", category.name, cdata=True)
        yield element


def _tags() -> Iterable[Any]:
    # WordPress numbers all terms in one sequence: tags go after the categories.
    offset = Category.objects.aggregate(top=Max("pk"))["top"] or 0
    for tag in Tag.objects.order_by("pk"):
        element = etree.Element(f"{{{WP}}}tag", nsmap=NSMAP)
        _add(element, "wp:term_id", offset + tag.pk)
        _add(element, "wp:tag_slug", tag.slug)
        _add(element, "wp:tag_name", tag.name, cdata=True)
        yield element


def _posts() -> Iterable[Post]:
    comments = Comment.objects.select_related("user__person").order_by("path")
    return (
        Post.objects.select_related("author", "series")
        .prefetch_related("categories", "tags", Prefetch("comments", queryset=comments))
        .order_by("pk")
        .iterator(_CHUNK)
    )


def _status(post: Post, now: datetime) -> str:
    if post.status == Post.Status.PUBLISHED:
        return "future" if post.publish_at and post.publish_at > now else "publish"
    return "pending" if post.status == Post.Status.REVIEW else "draft"


def _dates(when: datetime | None) -> tuple[str, str]:
    """WordPress's local and GMT forms of ``when``; drafts have no GMT date."""
    if when is None:
        return NO_DATE, NO_DATE
    local = timezone.localtime(when, ZoneInfo(settings.TIME_ZONE))
    gmt = when.astimezone(ZoneInfo("UTC"))
    return f"{local:%Y-%m-%d %H:%M:%S}", f"{gmt:%Y-%m-%d %H:%M:%S}"


def _item(post: Post, now: datetime) -> tuple[Any, int]:
    item = etree.Element("item", nsmap=NSMAP)
    url = f"{settings.SITE_URL}{post.get_absolute_url()}"
    status = _status(post, now)
    date, date_gmt = _dates(post.publish_at or post.created_at)
    if status in {"draft", "pending"}:
        date_gmt = NO_DATE  # as WordPress stores a draft: no publish time yet
    for name, value, cdata in [
        ("title", post.title, True), ("link", url, False),
        ("pubDate", post.publish_at.strftime("%a, %d %b %Y %H:%M:%S +0000")
         if post.publish_at and status != "draft" else "", False),
        ("dc:creator", post.author.slug, True), ("description", "", False),
        ("content:encoded", f"<!-- wp:html -->\n{post.body_html}\n<!-- /wp:html -->",
         True),
        ("excerpt:encoded", post.excerpt, True), ("wp:post_id", post.pk, False),
        ("wp:post_date", date, True), ("wp:post_date_gmt", date_gmt, True),
        ("wp:comment_status", "open" if post.comments_open else "closed", True),
        ("wp:ping_status", "closed", True), ("wp:post_name", post.slug, True),
        ("wp:status", status, True), ("wp:post_parent", 0, False),
        ("wp:menu_order", 0, False), ("wp:post_type", "post", True),
        ("wp:post_password", "", True), ("wp:is_sticky", 0, False),
    ]:  # fmt: skip
        _add(item, name, value, cdata=cdata)
    etree.SubElement(item, "guid", isPermaLink="false").text = url
    terms: list[tuple[str, Category | Tag]] = [
        *(("category", term) for term in post.categories.all()),
        *(("post_tag", term) for term in post.tags.all()),
    ]
    for domain, term in terms:
        category = etree.SubElement(item, "category", domain=domain, nicename=term.slug)
        _set_text(category, term.name, cdata=True)
    for key, value in _porch_meta(post):
        if value:
            _meta(item, key, value)
    comments = list(post.comments.all())
    for comment in comments:
        item.append(_comment(comment))
    return item, len(comments)


def _porch_meta(post: Post) -> list[tuple[str, str]]:
    image = pf.file_name(post.featured_image)
    series = post.series
    pairs = [(pf.MARKDOWN, post.body)]
    pairs += [(key, getattr(post, name)) for key, name in pf.POST_META.items()]
    pairs += [
        (pf.SERIES_SLUG, series.slug if series else ""),
        (pf.SERIES_NAME, series.name if series else ""),
        (pf.SERIES_DESCRIPTION, series.description if series else ""),
        (pf.FEATURED_IMAGE, image),
        (
            pf.FEATURED_IMAGE_URL,
            f"{settings.SITE_URL}{post.featured_image.url}" if image else "",
        ),
    ]
    if post.publish_at and post.status != Post.Status.PUBLISHED:
        pairs.append((pf.PUBLISH_AT, post.publish_at.isoformat()))
    return pairs


def _meta(item: Any, key: str, value: str, kind: str = "postmeta") -> None:
    meta = etree.SubElement(item, f"{{{WP}}}{kind}")
    _add(meta, "wp:meta_key", key, cdata=True)
    _add(meta, "wp:meta_value", value, cdata=True)


def _comment(comment: Comment) -> Any:
    element = etree.Element(f"{{{WP}}}comment", nsmap=NSMAP)
    date, date_gmt = _dates(comment.created_at)
    person = getattr(comment.user, "person", None) if comment.user else None
    for name, value, cdata in [
        ("wp:comment_id", comment.pk, False),
        ("wp:comment_author", comment.author_name, True),
        ("wp:comment_author_email", comment.author_email, True),
        ("wp:comment_author_url", comment.author_url, False),
        ("wp:comment_author_IP", comment.ip, True),
        ("wp:comment_date", date, True),
        ("wp:comment_date_gmt", date_gmt, True),
        ("wp:comment_content", comment.body_html, True),
        ("wp:comment_approved", APPROVED[Comment.Status(comment.status)], True),
        ("wp:comment_type", comment.kind, True),
        ("wp:comment_parent", comment.parent_id or 0, False),
        ("wp:comment_user_id", person.pk if person else 0, False),
    ]:
        _add(element, name, value, cdata=cdata)
    _meta(element, pf.MARKDOWN, comment.body, kind="commentmeta")
    return element
