"""``porch import wordpress``: a WordPress export (WXR) into Porch, safely repeatable.

Two streaming passes over the file. The first reads and checks all of it, writing
nothing, so a file that is cut short, garbled or in another encoding than it says is
refused before the first row is written; then it brings in people, terms and
attachment records (a post may name an attachment that comes later in the file). The
second writes the posts and pages, each with its comments and old addresses in one
transaction. A crash loses at most the post being written, and running again
finishes the job as if nothing had happened.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

from porch.importers.encoding import encoding_check
from porch.importers.records import (
    AttachmentRecord,
    PersonRecord,
    TermRecord,
    fingerprint,
)
from porch.importers.report import ImportReport
from porch.importers.spill import Spill
from porch.importers.wordpress.context import WordPressRun
from porch.importers.wordpress.items import (
    WxrComment,
    WxrError,
    WxrItem,
    WxrSite,
    comment_spill,
)
from porch.importers.wordpress.parse import open_wxr, wxr_records
from porch.importers.wordpress.posts import POST_TYPES, normalize_path, post_record
from porch.importers.writer.attachments import Found, attachment_write, attachments_find
from porch.importers.writer.people import person_write
from porch.importers.writer.posts import post_write
from porch.importers.writer.terms import categories_parents_first, term_write
from porch.importers.writer.threads import maybe_rolled_back

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
        encoding_check(stream, error=WxrError)
        with maybe_rolled_back(dry_run):
            _run(stream, ctx, progress)
    return report


def _run(stream: IO[bytes], ctx: WordPressRun, progress: Progress | None) -> None:
    people: list[PersonRecord] = []
    terms: list[TermRecord] = []
    attachments: list[WxrItem] = []
    for record in wxr_records(stream):
        if isinstance(record, WxrSite):
            ctx.site_read(record)
        elif isinstance(record, PersonRecord):
            people.append(record)
        elif isinstance(record, TermRecord):
            terms.append(record)
        elif record.type == "attachment":
            attachments.append(record)
        if progress:
            progress(stream.tell() // 2, ctx.report)
    # The whole file was read without a fault: only now is anything written.
    for person in people:
        person_write(person, ctx)
    for term in terms:
        if term.kind != "category":
            term_write(term, ctx)
    # Categories last, parents first: a parent may come after its children.
    for category in categories_parents_first(
        [term for term in terms if term.kind == "category"]
    ):
        term_write(category, ctx)
    for item in attachments:
        attachment_write(record=attachment_record(item, ctx), ctx=ctx)
    stream.seek(0)
    spill = comment_spill()
    try:
        _posts_write(stream, spill, ctx, progress)
    finally:
        spill.close()


def attachment_record(item: WxrItem, ctx: WordPressRun) -> AttachmentRecord:
    """An attachment's address; its old page redirects to the file when it is a URL."""
    url = item.attachment_url or item.guid
    paths = [f"{ctx.site_path}/?attachment_id={item.id}"]
    page = urlsplit(item.link)
    if page.path.strip("/") and not page.query:  # its own page, /post/image-name/
        paths.append(normalize_path(unquote(page.path)))
    return AttachmentRecord(
        id=item.id, digest=fingerprint(item), url=url, title=item.title,
        parent=item.parent,
        redirect_paths=tuple(paths if url.startswith(("http://", "https://")) else ()),
    )  # fmt: skip


def _posts_write(
    stream: IO[bytes],
    spill: Spill[WxrComment],
    ctx: WordPressRun,
    progress: Progress | None,
) -> None:
    def attachments(ids: Collection[str], post: str, with_post_own: bool) -> Found:
        return attachments_find(
            source=ctx.source, ids=ids, post=post, with_post_own=with_post_own
        )

    size = max(stream.seek(0, 2), 1)
    stream.seek(0)
    for record in wxr_records(stream, spill=spill):
        if isinstance(record, WxrItem) and record.type in POST_TYPES:
            post_write(record=post_record(record, ctx, attachments), ctx=ctx)
        elif isinstance(record, WxrItem) and record.type != "attachment":
            ctx.report.skip(
                "item", record.id, f"WordPress {record.type} items are not content"
            )
        if progress:
            progress(size // 2 + stream.tell() // 2, ctx.report)
