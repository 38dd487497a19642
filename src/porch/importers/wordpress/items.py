"""What a WordPress export says, as plain dataclasses: the site, items, comments.

``parse`` fills them from the XML; ``posts`` and ``comments`` turn them into the
importers' shared records. Comments travel through a ``Spill`` file between the two,
so they are written here as rows too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar

from porch.core.errors import PorchError
from porch.importers.records import PersonRecord, TermRecord, fingerprint_fields
from porch.importers.spill import Spill

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
    # A view of the parser's spill file: read it before asking for the next record.
    comments: Iterable[WxrComment] = field(default=(), repr=False)

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


def wxr_time(
    gmt: datetime | None, local: datetime | None, tz: tzinfo
) -> datetime | None:
    """WordPress's GMT time, or its local time read in the site's time zone ``tz``."""
    if gmt is not None:
        return gmt.replace(tzinfo=UTC)
    return local.replace(tzinfo=tz) if local is not None else None


def comment_spill() -> Spill[WxrComment]:
    """A spill file for one import's comments; close it when the import ends."""
    return Spill(to_row=_comment_row, from_row=_comment_from_row)


def _comment_row(comment: WxrComment) -> dict[str, Any]:
    row = asdict(comment)
    for name in ("date", "date_gmt"):
        row[name] = row[name].isoformat() if row[name] else None
    return row


def _comment_from_row(row: dict[str, Any]) -> WxrComment:
    for name in ("date", "date_gmt"):
        row[name] = datetime.fromisoformat(row[name]) if row[name] else None
    row["meta"] = tuple(tuple(pair) for pair in row["meta"])
    return WxrComment(**row)
