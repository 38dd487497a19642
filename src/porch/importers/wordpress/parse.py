"""Read a WordPress export (WXR 1.0-1.2) as a stream of plain dataclasses.

People and terms come out as the importers' shared records; posts as ``WxrItem``
with their ``WxrComment``s, which ``wordpress.comments`` turns into shared records.
Nothing here touches the database. The file is streamed through ``xml_safety``, which
refuses a DOCTYPE and clears every finished ``<item>``; a post's comments go to a
``Spill`` file as they are read, so memory stays flat however long a discussion is.
A record the export garbled (no id, a date that is not one, markup nested deeper than
anyone writes) stops the read with ``WxrError`` naming it and its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from lxml import etree

from porch.importers.markup import HTML_DEPTH_LIMIT, html_depth_exceeds
from porch.importers.records import PersonRecord, TermRecord
from porch.importers.spill import Spill
from porch.importers.wordpress.items import (
    PORCH_NS,
    WxrComment,
    WxrError,
    WxrItem,
    WxrRecord,
    WxrSite,
    with_wxr_digest,
)
from porch.importers.xml_safety import PROLOG_BYTES, check_prolog, xml_elements


def _name(element: Any) -> str:
    """``prefix:local`` with a prefix we choose, whatever the export declared."""
    tag = element.tag
    return _tag_name(tag) if isinstance(tag, str) else ""


@lru_cache(maxsize=512)
def _tag_name(tag: str) -> str:
    # Called for every element of the file: a handful of distinct tags, cached.
    if ":" in tag and not tag.startswith("{"):  # the parser kept an unknown prefix
        raise WxrError(
            f"the file uses <{tag}> without declaring what {tag.split(':')[0]}: "
            "means (an xmlns attribute on <rss>); it was edited or cut from a "
            "bigger file: export it again from the old site"
        )
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
    """A naive datetime from WordPress's ``Y-m-d H:i:s``; None for the zero date.

    Raises ``ValueError`` for anything else: a date read wrongly would move a post.
    """
    value = value.strip()
    if not value or value.startswith("0000-00-00"):
        return None
    return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007


def _date(values: dict[str, str], name: str, where: str, element: Any) -> Any:
    try:
        return parse_date(values.get(name, ""))
    except ValueError:
        raise WxrError(
            f"{where} (line {element.sourceline}): {name} {values[name][:40]!r} is "
            "not a date as WordPress writes them (YYYY-MM-DD HH:MM:SS); the export "
            "was edited or damaged: export it again from the old site"
        ) from None


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
    where = f"{_item_label(element.getparent())}, comment"
    comment_id = values.get("wp:comment_id", "")
    if not comment_id:
        raise WxrError(
            f"{where} at line {element.sourceline} has no wp:comment_id; the export "
            "was edited or damaged: export it again from the old site"
        )
    where = f"{where} {comment_id}"
    if html_depth_exceeds(values.get("wp:comment_content", "")):
        raise WxrError(
            f"{where} (line {element.sourceline}): its text nests HTML tags more "
            f"than {HTML_DEPTH_LIMIT} deep, which no one writes by hand; remove the "
            "comment from the export (or in WordPress) and export again"
        )
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
        date=_date(values, "wp:comment_date", where, element),
        date_gmt=_date(values, "wp:comment_date_gmt", where, element),
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


def _item_label(element: Any) -> str:
    """How an item is named in an error: its id and title, as far as they are read."""
    found = {
        name: _text(child)
        for child in element
        if (name := _name(child)) in {"wp:post_id", "title"}
    }
    title = found.get("title", "")
    return f"item {found.get('wp:post_id', '?')}" + (
        f" “{title[:60]}”" if title else ""
    )


def _item(element: Any, comments: Iterable[WxrComment]) -> WxrItem:
    values: dict[str, str] = {}
    terms: list[tuple[str, str, str]] = []
    meta: list[tuple[str, str]] = []
    for child in element:
        name = _name(child)
        if name == "category":
            terms.append(
                (child.get("domain", ""), child.get("nicename", ""), _text(child))
            )
        elif name == "wp:postmeta":
            meta.append(_meta_pair(child))
        else:
            values[name] = _text(child)
    where = _item_label(element)
    if not values.get("wp:post_id"):
        raise WxrError(
            f"{where} at line {element.sourceline} has no wp:post_id; the export "
            "was edited or damaged: export it again from the old site"
        )
    return WxrItem(
        id=values.get("wp:post_id", ""),
        type=values.get("wp:post_type", "") or "post",
        title=values.get("title", ""),
        link=values.get("link", ""),
        creator=values.get("dc:creator", ""),
        guid=values.get("guid", ""),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        date=_date(values, "wp:post_date", where, element),
        date_gmt=_date(values, "wp:post_date_gmt", where, element),
        name=values.get("wp:post_name", ""),
        status=values.get("wp:status", ""),
        parent=values.get("wp:post_parent", "") or "0",
        password=values.get("wp:post_password", ""),
        is_sticky=values.get("wp:is_sticky", "0") == "1",
        comment_status=values.get("wp:comment_status", ""),
        attachment_url=values.get("wp:attachment_url", ""),
        terms=tuple(terms),
        meta=tuple(meta),
        comments=comments,
    )


_SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}


def wxr_records(
    stream: IO[bytes], *, spill: Spill[WxrComment] | None = None
) -> Iterator[WxrRecord]:
    """Yield the export's site header, then authors, terms and items in file order.

    Every record is read and checked. An item's comments go to ``spill`` (emptied
    at each item, so read them before asking for the next record); without one they
    are checked and dropped, and items come without comments.

    Raises ``WxrError`` for a DOCTYPE, a file that is not XML or not WXR, XML that
    breaks off and a garbled record; whatever was yielded before stays valid.
    """
    check_prolog(
        stream.read(PROLOG_BYTES), export="WordPress export", root="rss",
        error=WxrError,
    )  # fmt: skip
    stream.seek(0)
    site: dict[str, str] = {}
    site_sent = False
    # Only the channel's own children matter: <rss> (1) > <channel> (2) > them (3);
    # an item's comments (4) come one by one, as they end.
    for element in xml_elements(
        stream, level=3, check_root=_check_root, error=WxrError, streamed=_is_comment
    ):
        name = _name(element)
        if name == "wp:comment":
            comment = _comment(element)
            if spill is not None:
                spill.add(comment)
        elif name in _SITE_FIELDS:
            site[_SITE_FIELDS[name]] = _text(element)
        elif name in {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}:
            if not site_sent:
                site_sent = True
                yield WxrSite(**site)
            record = _record(element, name, spill)
            if record is not None:
                yield record
            if spill is not None:
                spill.clear()
    if not site_sent:
        raise WxrError(
            "the file holds no WordPress authors, terms or items; export again with "
            "Tools → Export → All content"
        )


def _is_comment(element: Any) -> bool:
    return _name(element) == "wp:comment"


def _record(
    element: Any, name: str, spill: Spill[WxrComment] | None
) -> WxrRecord | None:
    if name == "wp:author":
        return _author(element)
    if name == "item":
        return _item(element, spill.view() if spill is not None else ())
    return _term(element, name)


def _check_root(element: Any) -> None:
    if _name(element) != "rss":
        raise WxrError(
            "not a WordPress export: the file starts with "
            f"<{etree.QName(element).localname}>, a WordPress export (WXR) with <rss>"
        )


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
