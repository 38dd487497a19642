"""``porch import json``: a ``porch export json`` file back into a Porch site.

Into an empty site (a new data dir or database, before ``porch init``) a version 2
export is restored whole and exactly, ids included (``restore.py``), in one
transaction. Into a site that already holds that export's posts and comments under
their ids, nothing is written. Into any other site, and for version 1 exports, the
file is merged: ``parse`` turns the file's rows into records and the writer writes
them: like the other importers it remembers each row it made under the file's own
ids, so running it again changes nothing, and it writes one post (with its comments)
per transaction, so a crash loses at most that post and running again finishes the
job. People, terms and series with the same slug are shared, never overwritten;
accounts, the audit log, examples and block rules are restored only into an empty
site.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from porch.importers.porch_json import parse
from porch.importers.porch_json.restore import (
    export_restore,
    site_holds,
    site_is_empty,
)
from porch.importers.report import ImportReport
from porch.importers.writer.context import WriteContext
from porch.importers.writer.people import person_restore
from porch.importers.writer.posts import post_write
from porch.importers.writer.site import (
    redirects_restore,
    site_settings_restore,
    subscriptions_write,
)
from porch.importers.writer.terms import categories_restore, series_get, tag_get
from porch.importers.writer.threads import (
    Progress,
    comments_context,
    maybe_rolled_back,
)

LOSSLESS_VERSION = 2
MERGE_LEAVES_OUT = (
    "accounts", "confirmed_emails", "moderation_events", "moderation_examples",
    "block_rules",
)  # fmt: skip

if TYPE_CHECKING:
    from porch.people.models import Person


def json_import(
    *,
    path: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Restore a Porch JSON export; return what was imported, updated and skipped.

    The file is read whole (it is one JSON object), so it needs memory of about ten
    times its size. Raises ``ImportFileError`` for a file that is not a Porch export
    of a version this Porch reads; nothing is written then.
    """
    report = report or ImportReport(dry_run=dry_run)
    data = parse.export_load(path)
    if data["version"] >= LOSSLESS_VERSION:
        if site_is_empty():
            with maybe_rolled_back(dry_run):
                export_restore(data=data, report=report)
            return report
        if site_holds(data):
            report.count("post", "unchanged", len(data["posts"]))
            report.count("comment", "unchanged", len(data["comments"]))
            return report
        _merge_limits_report(data, report)
    ctx = comments_context(source=f"porch:{data.get('site_url', '')}", report=report)
    with maybe_rolled_back(dry_run):
        site_settings_restore(values=data.get("site_settings") or {}, report=report)
        people = _people(data["people"], ctx)
        posts = _posts(data, people, ctx, progress)
        subscriptions = [
            parse.subscription_record(r) for r in data.get("subscriptions") or []
        ]
        subscriptions_write(subscriptions=subscriptions, posts=posts, ctx=ctx)
        # Version 1 called the address a redirect leads to "new_url".
        where = "destination" if data["version"] >= LOSSLESS_VERSION else "new_url"
        redirects = [
            (row.get("old_path") or "", row.get(where) or "")
            for row in data.get("redirects") or []
        ]
        redirects_restore(redirects=redirects, ctx=ctx)
    return report


def _merge_limits_report(data: dict[str, Any], report: ImportReport) -> None:
    """Name what a merge leaves out: it belongs to a whole site, not to its posts."""
    for name in MERGE_LEAVES_OUT:
        reason = f"{name.replace('_', ' ')}: restored only into an empty site"
        for row in data[name]:
            report.skip("item", str(row.get("id", "?")), reason)


def _people(rows: list[dict[str, Any]], ctx: WriteContext) -> dict[Any, Person]:
    people = {}
    for row in rows:
        author, slug, digest = parse.person_record(row)
        people[row["id"]] = person_restore(
            author=author, slug=slug, digest=digest, ctx=ctx
        )
    return people


def _posts(
    data: dict[str, Any],
    people: dict[Any, Person],
    ctx: WriteContext,
    progress: Progress | None,
) -> dict[str, int]:
    """Write every post with its comments; this site's pks by the file's ids."""
    series = {row["id"]: parse.series_record(row) for row in data["series"]}
    for one in series.values():  # every series, as before: a post may name none
        series_get(one)
    categories = {
        row["id"]: parse.term_record(row, "category") for row in data["categories"]
    }
    categories_restore(list(categories.values()), ctx)
    tags = {row["id"]: parse.term_record(row, "tag") for row in data["tags"]}
    for tag in tags.values():
        tag_get(tag, ctx)
    terms = {"category": categories, "tag": tags}
    comments = defaultdict(list)
    for row in data["comments"]:
        comments[row["post"]].append(row)
    posts = {}
    for number, row in enumerate(data["posts"], start=1):
        record = parse.post_record(row, comments.pop(row["id"], []), terms, series)
        post = post_write(record=record, ctx=ctx, author=people.get(row["author"]))
        if post is not None:
            posts[record.id] = post.pk
        if progress:
            progress(number * 100 // max(len(data["posts"]), 1), ctx.report)
    for orphans in comments.values():
        ctx.report.count("comment", "skipped", len(orphans))
        ctx.report.problem(f"{len(orphans)} comments name a post not in the file")
    return posts
