"""``porch import wordpress``: a WordPress export (WXR) into Porch, safely repeatable.

Two streaming passes over the file: the first brings in people, terms and attachment
records (a post may name an attachment that comes later in the file), the second the
posts and pages, each with its comments and old addresses in one transaction. A crash
loses at most the post being written, and running again finishes the job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from porch.importers.imported import (
    fingerprint,
    imported_find,
    imported_record,
    redirects_add,
)
from porch.importers.records import PersonRecord, TermRecord
from porch.importers.report import ImportReport
from porch.importers.wordpress.context import WordPressRun
from porch.importers.wordpress.parse import WxrItem, WxrSite, open_wxr, wxr_records
from porch.importers.wordpress.posts import POST_TYPES, post_item_import
from porch.importers.writer.people import person_write
from porch.importers.writer.terms import categories_parents_first, term_write

Progress = Callable[[int, ImportReport], None]


def wordpress_import(
    *,
    path: Path,
    dry_run: bool = False,
    time_zone: str | None = None,
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import a WXR file; return what was imported, updated, unchanged and skipped.

    Idempotent: a second run of the same file changes nothing; a newer export updates
    what changed. ``time_zone`` reads dates that have no GMT twin (drafts); it
    defaults to the site's. ``dry_run`` does the real work in a transaction rolled
    back at the end. Raises ``WxrError`` for a file that is unsafe or not WXR;
    ``report`` (when given) holds what was done before an error or Ctrl-C.
    """
    report = report or ImportReport(dry_run=dry_run)
    ctx = WordPressRun(report=report, tz=ZoneInfo(time_zone or settings.TIME_ZONE))
    with open_wxr(path) as stream:
        if not dry_run:
            _run(stream, ctx, progress)
            return report
        with transaction.atomic():
            _run(stream, ctx, progress)
            transaction.set_rollback(True)
    return report


def _run(stream: IO[bytes], ctx: WordPressRun, progress: Progress | None) -> None:
    categories: list[TermRecord] = []
    for record in wxr_records(stream, item_types={"attachment"}):
        if isinstance(record, WxrSite):
            ctx.site_read(record)
        elif isinstance(record, PersonRecord):
            person_write(record, ctx)
        elif isinstance(record, TermRecord):
            if record.kind == "category":
                categories.append(record)  # parents may come after their children
            else:
                term_write(record, ctx)
        elif record.type == "attachment":
            attachment_import(record, ctx)
        if progress:
            progress(stream.tell() // 2, ctx.report)
    for category in categories_parents_first(categories):
        term_write(category, ctx)
    stream.seek(0)
    size = max(stream.seek(0, 2), 1)
    stream.seek(0)
    for record in wxr_records(stream):
        if isinstance(record, WxrItem) and record.type in POST_TYPES:
            post_item_import(record, ctx)
        elif isinstance(record, WxrItem) and record.type != "attachment":
            ctx.report.skip(
                "item", record.id, f"WordPress {record.type} items are not content"
            )
        if progress:
            progress(size // 2 + stream.tell() // 2, ctx.report)


def attachment_import(item: WxrItem, ctx: WordPressRun) -> None:
    """Remember an attachment's address (files stay where they are, linked)."""
    digest = fingerprint(item)
    records = imported_find(source=ctx.source, kind="attachment", import_ids=[item.id])
    record = records.get(item.id)
    if record is not None and record.fingerprint == digest:
        ctx.report.count("attachment", "unchanged")
        return
    url = item.attachment_url or item.guid
    with transaction.atomic():
        imported_record(
            source=ctx.source, kind="attachment", import_id=item.id, target=None,
            digest=digest, record=record,
            metadata={"url": url, "title": item.title, "parent": item.parent},
        )  # fmt: skip
        if url.startswith(("http://", "https://")):
            paths = [f"{ctx.site_path}/?attachment_id={item.id}"]
            redirects_add(source=ctx.source, paths=paths, new_url=url)
    ctx.report.count("attachment", "imported" if record is None else "updated")
