"""Rows of a Porch JSON export as the writer's records; nothing here writes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from porch.comments.models import Comment
from porch.importers.errors import ImportFileError
from porch.importers.media import featured_image
from porch.importers.records import (
    MARKDOWN,
    CommentRecord,
    PersonRecord,
    PorchPostFields,
    PostRecord,
    SeriesRecord,
    SubscriptionRecord,
    TermRecord,
    as_utc,
    fingerprint,
    with_wxr_comment_digest,
)
from porch.importers.report import ImportReport

FORMAT, VERSIONS = "porch-export", (1, 2)
LISTS = ("people", "series", "categories", "tags", "posts", "comments")
# Version 2 (lossless) adds these; a file of that version must have each of them.
LISTS_V2 = (
    "subscriptions", "redirects", "accounts", "roles", "confirmed_emails",
    "moderation_events", "moderation_examples", "block_rules", "imported",
)  # fmt: skip
PERSON_EXTRA = ("bio", "site_name", "site_url", "photo", "login")


def export_load(path: Path) -> dict[str, Any]:
    """The export as one object; ``ImportFileError`` says what is wrong with it."""
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    try:
        with path.open(encoding="utf-8") as stream:
            data = json.load(stream)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(f"this is not a JSON file ({error})") from None
    except RecursionError:
        # An export nests four levels; thousands are an attack on the parser.
        raise ImportFileError(
            "the file nests lists or objects thousands of levels deep: "
            "it is not a Porch export"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(
            "not a Porch export: the file should start with "
            '{"format": "porch-export" (made by porch export json)'
        )
    if data.get("version") not in VERSIONS:
        raise ImportFileError(
            f"export version {data.get('version')!r} is not one this Porch reads "
            f"(versions {' and '.join(map(str, VERSIONS))}); upgrade Porch first"
        )
    wanted = LISTS + (LISTS_V2 if data["version"] == 2 else ())
    missing = [name for name in wanted if not isinstance(data.get(name), list)]
    if missing:
        raise ImportFileError(
            f"the export has no {', '.join(missing)} list; it was cut short or "
            "edited: make it again with porch export json"
        )
    return data


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def person_record(row: dict[str, Any]) -> tuple[PersonRecord, str, str]:
    """A person row as (record, slug, digest of the row)."""
    extra = tuple((name, row.get(name) or "") for name in PERSON_EXTRA)
    books = tuple((b["title"], b["url"], b["position"]) for b in row.get("books", []))
    record = PersonRecord(
        id=str(row["id"]), login=row.get("login") or "", email=row["email"],
        display_name=row["display_name"], extra=extra, books=books,
    )  # fmt: skip
    return record, row["slug"], fingerprint(row)


def term_record(row: dict[str, Any], kind: str) -> TermRecord:
    """A category or tag row; ``parent`` is the parent category's id, or ""."""
    parent = str(row["parent"]) if row.get("parent") else ""
    return TermRecord(
        kind=kind, id=str(row["id"]), slug=row["slug"], name=row["name"], parent=parent
    )


def series_record(row: dict[str, Any]) -> SeriesRecord:
    return SeriesRecord(row["slug"], row["name"], row["description"])


def post_record(
    row: dict[str, Any],
    comments: list[dict[str, Any]],
    terms: dict[str, dict[Any, TermRecord]],
    series: dict[Any, SeriesRecord],
) -> PostRecord:
    """A post row and its comment rows; ``terms`` and ``series`` by the file's ids."""
    checked = ImportReport()  # the media folder's verdict, reported with the post
    image = featured_image(
        row.get("featured_image") or "", f"post {row['id']}", checked
    )
    porch = PorchPostFields(
        intro=row["intro"], questions=row["questions"],
        comment_policy=row["comment_policy"], featured_image=image,
        featured_image_alt=row["featured_image_alt"],
        series=series.get(row["series"]) if row["series"] else None,
    )  # fmt: skip
    return PostRecord(
        id=str(row["id"]), kind="post", digest=fingerprint(row), title=row["title"],
        slug=row["slug"], slug_fallback=f"post-{row['id']}", status=row["status"],
        publish_at=_when(row["publish_at"]), comments_open=row["comments_open"],
        body=row["body"], excerpt=row["excerpt"], porch=porch,
        categories=tuple(terms["category"][i] for i in row["categories"]),
        tags=tuple(terms["tag"][i] for i in row["tags"]),
        created_at=_when(row["created_at"]), is_skipped_if_invalid=True,
        problems=tuple(checked.problems),
        comments=tuple(comment_record(comment) for comment in comments),
    )  # fmt: skip


def comment_record(row: dict[str, Any]) -> CommentRecord:
    """A comment row as the comment writer reads it."""
    when = _when(row["created_at"])
    record = CommentRecord(
        id=str(row["id"]), parent=str(row["parent"] or ""),
        author_name=row["author_name"], author_email=row["author_email"],
        author_url=row["author_url"], ip=row["ip"],
        created_at=as_utc(when) if when else None, html=row["body_html"],
        markdown=row["body"], status=row["status"], kind=row["kind"],
        skip_reason=_comment_skip_reason(row["kind"], row["status"]),
        login=row.get("login") or "",
    )  # fmt: skip
    # Hashed as earlier versions read the time: one without a zone (never in an
    # export Porch made) was taken in the server's zone by astimezone.
    date = when.astimezone(UTC).replace(tzinfo=None) if when else None
    return with_wxr_comment_digest(record, date=date, meta=((MARKDOWN, row["body"]),))


def _comment_skip_reason(kind: str, status: str) -> str:
    if kind == "note":
        return "an editor's note, not a comment"
    if kind not in Comment.Kind.values:
        return f"type {kind!r} unknown"
    if status not in Comment.Status.values:
        return f"status {status!r} unknown"
    return ""


def subscription_record(row: dict[str, Any]) -> SubscriptionRecord:
    return SubscriptionRecord(
        post=str(row.get("post")),
        comment=str(row["comment"]) if row.get("comment") else "",
        kind=row["kind"], email=row["email"], name=row["name"],
        confirmed_at=_when(row.get("confirmed_at")),
        unsubscribed_at=_when(row.get("unsubscribed_at")),
    )  # fmt: skip
