"""Read a WordPress export (WXR 1.0-1.2) as a stream of plain dataclasses.

People and terms come out as the importers' shared records; posts as ``WxrItem``
with their ``WxrComment``s, which ``wordpress.comments`` turns into shared records.
Nothing here touches the database. The file is streamed through ``xml_safety``, which
refuses a DOCTYPE and clears every finished ``<item>``, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, TypeVar

from lxml import etree

from porch.core.errors import PorchError
from porch.importers.records import (
    PersonRecord,
    TermRecord,
    fingerprint_fields,
)
from porch.importers.xml_safety import PROLOG_BYTES, check_prolog, xml_elements

NO_DATE = "0000-00-00 00:00:00"
# Porch's own fields in its exports (see porch_fields.py); WordPress skips them.
PORCH_NS = "urn:porch:export:1"


class WxrError(PorchError):
    """The file is not a WordPress export we can read safely; the message says why."""


@dataclass(frozen=True)
class WxrSite:
    title: str = ""
    link: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass(frozen=True)
class WxrComment:
    id: str
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: datetime | None
    date_gmt: datetime | None
    content: str
    approved: str
    type: str
    parent: str
    user_id: str
    meta: tuple[tuple[str, str], ...] = ()

    def meta_value(self, key: str) -> str:
        return next((value for name, value in self.meta if name == key), "")


@dataclass(frozen=True)
class WxrItem:
    """A post, page or attachment; defaults are what an empty export field reads as."""

    id: str
    type: str
    title: str = ""
    link: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    date: datetime | None = None
    date_gmt: datetime | None = None
    name: str = ""
    status: str = ""
    parent: str = "0"
    password: str = ""
    is_sticky: bool = False
    comment_status: str = ""
    attachment_url: str = ""
    terms: tuple[tuple[str, str, str], ...] = ()  # (domain, slug, name)
    meta: tuple[tuple[str, str], ...] = ()
    comments: tuple[WxrComment, ...] = field(default=(), repr=False)

    def meta_value(self, key: str) -> str:
        return next((value for name, value in self.meta if name == key), "")


WxrRecord = WxrSite | PersonRecord | TermRecord | WxrItem
_R = TypeVar("_R", PersonRecord, TermRecord)


def with_wxr_digest(record: _R) -> _R:
    """``record`` with the digest earlier Porch versions stored for it.

    They parsed authors and terms into ``WxrAuthor`` and ``WxrTerm`` (the same fields,
    ``extra`` then called ``porch``), so a file imported before stays unchanged.
    """
    name = "WxrAuthor" if isinstance(record, PersonRecord) else "WxrTerm"
    values = tuple(
        ("porch" if f.name == "extra" else f.name, getattr(record, f.name))
        for f in fields(record)
        if f.repr
    )
    return replace(record, digest=fingerprint_fields(name, values))


def _name(element: Any) -> str:
    """``prefix:local`` with a prefix we choose, whatever the export declared."""
    tag = element.tag
    return _tag_name(tag) if isinstance(tag, str) else ""


@lru_cache(maxsize=512)
def _tag_name(tag: str) -> str:
    # Called for every element of the file: a handful of distinct tags, cached.
    qname = etree.QName(tag)
    namespace = qname.namespace or ""
    if "wordpress.org/export/" in namespace:
        prefix = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    elif "purl.org/rss/1.0/modules/content" in namespace:
        prefix = "content"
    elif "purl.org/dc/elements" in namespace:
        prefix = "dc"
    elif namespace == PORCH_NS:
        prefix = "porch"
    else:
        return qname.localname if not namespace else f"?:{qname.localname}"
    return f"{prefix}:{qname.localname}"


def _text(element: Any) -> str:
    """The element's value, CDATA or bare, with stray whitespace trimmed."""
    if len(element):  # unescaped HTML inside the element: keep it as markup
        inner = (element.text or "") + "".join(
            etree.tostring(child, encoding="unicode") for child in element
        )
        return inner.strip()
    return (element.text or "").strip()


def parse_date(value: str) -> datetime | None:
    """A naive datetime from WordPress's ``Y-m-d H:i:s``; None for the zero date."""
    value = value.strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None


def _fields(element: Any) -> dict[str, str]:
    return {_name(child): _text(child) for child in element}


def _author(element: Any) -> PersonRecord:
    values = _fields(element)
    books = tuple(
        (_text(child), child.get("url", ""), int(child.get("position", "0") or 0))
        for child in element
        if _name(child) == "porch:book" and child.get("position", "0").isdigit()
    )
    porch = tuple(
        (name.removeprefix("porch:"), value)
        for name, value in values.items()
        if name.startswith("porch:") and name != "porch:book"
    )
    return with_wxr_digest(
        PersonRecord(
            id=values.get("wp:author_id", ""),
            login=values.get("wp:author_login", ""),
            email=values.get("wp:author_email", ""),
            display_name=values.get("wp:author_display_name", ""),
            first_name=values.get("wp:author_first_name", ""),
            last_name=values.get("wp:author_last_name", ""),
            extra=porch,
            books=books,
        )
    )


def _term(element: Any, name: str) -> TermRecord | None:
    values = _fields(element)
    if name == "wp:category":
        kind, slug, label = "category", "wp:category_nicename", "wp:cat_name"
    elif name == "wp:tag":
        kind, slug, label = "tag", "wp:tag_slug", "wp:tag_name"
    else:  # wp:term (WXR 1.2) carries menus and formats too
        taxonomy = values.get("wp:term_taxonomy", "")
        if taxonomy not in {"category", "post_tag"}:
            return None
        kind = "category" if taxonomy == "category" else "tag"
        slug, label = "wp:term_slug", "wp:term_name"
    return with_wxr_digest(
        TermRecord(
            kind=kind,
            id=values.get("wp:term_id", ""),
            slug=values.get(slug, ""),
            name=values.get(label, "") or values.get(slug, ""),
            parent=values.get("wp:category_parent", "")
            or values.get("wp:term_parent", ""),
            description=values.get("wp:category_description", "")
            or values.get("wp:term_description", ""),
        )
    )


def _comment(element: Any) -> WxrComment:
    values = _fields(element)
    meta = tuple(
        pair
        for child in element
        if _name(child) == "wp:commentmeta" and any(pair := _meta_pair(child))
    )
    return WxrComment(
        id=values.get("wp:comment_id", ""),
        author=values.get("wp:comment_author", ""),
        author_email=values.get("wp:comment_author_email", ""),
        author_url=values.get("wp:comment_author_url", ""),
        author_ip=values.get("wp:comment_author_IP", ""),
        date=parse_date(values.get("wp:comment_date", "")),
        date_gmt=parse_date(values.get("wp:comment_date_gmt", "")),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", ""),
        type=values.get("wp:comment_type", "") or "comment",
        parent=values.get("wp:comment_parent", "") or "0",
        user_id=values.get("wp:comment_user_id", "") or "0",
        meta=meta,
    )


def _meta_pair(element: Any) -> tuple[str, str]:
    """A ``wp:postmeta`` or ``wp:commentmeta`` element as (key, value)."""
    pair = _fields(element)
    return pair.get("wp:meta_key", ""), pair.get("wp:meta_value", "")


def _item(element: Any) -> WxrItem:
    values: dict[str, str] = {}
    terms: list[tuple[str, str, str]] = []
    meta: list[tuple[str, str]] = []
    comments: list[WxrComment] = []
    for child in element:
        name = _name(child)
        if name == "category":
            terms.append(
                (child.get("domain", ""), child.get("nicename", ""), _text(child))
            )
        elif name == "wp:postmeta":
            meta.append(_meta_pair(child))
        elif name == "wp:comment":
            comments.append(_comment(child))
        else:
            values[name] = _text(child)
    return WxrItem(
        id=values.get("wp:post_id", ""),
        type=values.get("wp:post_type", "") or "post",
        title=values.get("title", ""),
        link=values.get("link", ""),
        creator=values.get("dc:creator", ""),
        guid=values.get("guid", ""),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        date=parse_date(values.get("wp:post_date", "")),
        date_gmt=parse_date(values.get("wp:post_date_gmt", "")),
        name=values.get("wp:post_name", ""),
        status=values.get("wp:status", ""),
        parent=values.get("wp:post_parent", "") or "0",
        password=values.get("wp:post_password", ""),
        is_sticky=values.get("wp:is_sticky", "0") == "1",
        comment_status=values.get("wp:comment_status", ""),
        attachment_url=values.get("wp:attachment_url", ""),
        terms=tuple(terms),
        meta=tuple(meta),
        comments=tuple(comments),
    )


_SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}


def wxr_records(
    stream: IO[bytes], *, item_types: Collection[str] | None = None
) -> Iterator[WxrRecord]:
    """Yield the export's site header, then authors, terms and items in file order.

    Items of a type outside ``item_types`` (when given) come with their id and type
    only: a pass that needs only attachments skips reading every post's comments.

    Raises ``WxrError`` for a DOCTYPE, a file that is not XML or not WXR, and for XML
    that breaks off; whatever was yielded before stays valid.
    """
    check_prolog(
        stream.read(PROLOG_BYTES), export="WordPress export", root="rss",
        error=WxrError,
    )  # fmt: skip
    stream.seek(0)
    site: dict[str, str] = {}
    site_sent = False
    # Only the channel's own children matter: <rss> (1) > <channel> (2) > them (3).
    for element in xml_elements(
        stream, level=3, check_root=_check_root, error=WxrError
    ):
        name = _name(element)
        if name in _SITE_FIELDS:
            site[_SITE_FIELDS[name]] = _text(element)
        elif name in {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}:
            if not site_sent:
                site_sent = True
                yield WxrSite(**site)
            record = _record(element, name, item_types)
            if record is not None:
                yield record
    if not site_sent:
        raise WxrError(
            "the file holds no WordPress authors, terms or items; export again with "
            "Tools → Export → All content"
        )


def _record(
    element: Any, name: str, item_types: Collection[str] | None
) -> WxrRecord | None:
    if name == "wp:author":
        return _author(element)
    if name == "item":
        if item_types is not None:
            values = {
                _name(child): _text(child)
                for child in element
                if _name(child) in {"wp:post_id", "wp:post_type"}
            }
            kind = values.get("wp:post_type") or "post"
            if kind not in item_types:
                return WxrItem(id=values.get("wp:post_id", ""), type=kind)
        return _item(element)
    return _term(element, name)


def _check_root(element: Any) -> None:
    if _name(element) != "rss":
        raise WxrError(
            "not a WordPress export: the file starts with "
            f"<{etree.QName(element).localname}>, a WordPress export (WXR) with <rss>"
        )


def wxr_time(
    gmt: datetime | None, local: datetime | None, tz: tzinfo
) -> datetime | None:
    """WordPress's GMT time, or its local time read in the site's time zone ``tz``."""
    if gmt is not None:
        return gmt.replace(tzinfo=UTC)
    return local.replace(tzinfo=tz) if local is not None else None


def open_wxr(path: Path) -> IO[bytes]:
    """Open an export for reading, saying clearly what is wrong with the path."""
    if not path.exists():
        raise WxrError(f"{path} does not exist")
    if not path.is_file():
        raise WxrError(f"{path} is not a file")
    try:
        return path.open("rb")
    except OSError as error:
        raise WxrError(f"cannot read {path}: {error.strerror}") from error
