"""``porch import json``: a ``porch export json`` file back into a Porch site.

Meant for moving a site or restoring it into an empty one. Like the other importers
it remembers each row it made under the file's own ids, so running it again changes
nothing, and it writes one post (with its comments) per transaction, so a crash loses
at most that post and running again finishes the job. On a site that already has
content, people, terms and series with the same slug are shared, never overwritten.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.models import Comment, Subscription
from porch.core.models import SiteSettings
from porch.importers.errors import ImportFileError
from porch.importers.imported import imported_find, redirects_add
from porch.importers.porch_json import rows as json_rows
from porch.importers.report import ImportReport
from porch.importers.writer.comments import comments_write
from porch.importers.writer.context import WriteContext
from porch.importers.writer.threads import (
    Progress,
    comments_context,
    maybe_rolled_back,
)

FORMAT, VERSION = "porch-export", 1
LISTS = ("people", "series", "categories", "tags", "posts", "comments")


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
    data = _load(path)
    ctx = comments_context(source=f"porch:{data.get('site_url', '')}", report=report)
    with maybe_rolled_back(dry_run):
        _site_settings(data.get("site_settings") or {}, report)
        maps = json_rows.Maps(
            people=json_rows.people_import(data["people"], ctx),
            series={row["id"]: json_rows.series_get(row) for row in data["series"]},
            categories=json_rows.categories_import(data["categories"], report),
            tags={row["id"]: json_rows.tag_get(row) for row in data["tags"]},
        )
        comments = defaultdict(list)
        for row in data["comments"]:
            comments[row["post"]].append(row)
        posts = {}
        for number, row in enumerate(data["posts"], start=1):
            post = _post_import(row, comments.pop(row["id"], []), maps, ctx)
            if post is not None:
                posts[row["id"]] = post.pk
            if progress:
                progress(number * 100 // max(len(data["posts"]), 1), report)
        for orphans in comments.values():
            report.count("comment", "skipped", len(orphans))
            report.problem(f"{len(orphans)} comments name a post not in the file")
        _subscriptions(data.get("subscriptions") or [], posts, ctx)
        _redirects(data.get("redirects") or [], ctx)
    return report


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    try:
        with path.open(encoding="utf-8") as stream:
            data = json.load(stream)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(f"this is not a JSON file ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(
            "not a Porch export: the file should start with "
            '{"format": "porch-export" (made by porch export json)'
        )
    if data.get("version") != VERSION:
        raise ImportFileError(
            f"export version {data.get('version')!r} is not one this Porch reads "
            f"(version {VERSION}); upgrade Porch first"
        )
    missing = [name for name in LISTS if not isinstance(data.get(name), list)]
    if missing:
        raise ImportFileError(
            f"the export has no {', '.join(missing)} list; it was cut short or "
            "edited: make it again with porch export json"
        )
    return data


def _site_settings(values: dict[str, Any], report: ImportReport) -> None:
    site = SiteSettings.current()
    names = [f.name for f in SiteSettings._meta.concrete_fields if not f.primary_key]
    changed = [n for n in names if n in values and getattr(site, n) != values[n]]
    for name in changed:
        setattr(site, name, values[name])
    try:
        site.full_clean()
    except ValidationError as error:
        report.problem(f"site settings left as they were: {'; '.join(error.messages)}")
        return
    if changed:
        site.save(update_fields=changed)
        report.problem(f"site settings restored from the file: {', '.join(changed)}")


def _post_import(
    row: dict[str, Any],
    comments: list[dict[str, Any]],
    maps: json_rows.Maps,
    ctx: WriteContext,
) -> Post | None:
    """One post, its comments and their logins, in one transaction."""
    with transaction.atomic():
        post = json_rows.post_write(row, maps, ctx)
        if post is None:
            return None
        records = [json_rows.as_record(comment) for comment in comments]
        comments_write(comments=records, post=post, ctx=ctx)
        _comment_logins(comments, ctx)
    return post


def _comment_logins(comments: list[dict[str, Any]], ctx: WriteContext) -> None:
    """Link comments written while logged in to the same login on this site."""
    by_login: dict[str, list[str]] = defaultdict(list)
    for row in comments:
        if row.get("login"):
            by_login[row["login"]].append(str(row["id"]))
    records = imported_find(
        source=ctx.source,
        kind="comment",
        import_ids=[i for ids in by_login.values() for i in ids],
    )
    users = json_rows.users_by_login(by_login)
    for login, ids in by_login.items():
        pks = [records[i].object_id for i in ids if i in records]
        Comment.objects.filter(pk__in=pks).update(
            user_id=users.get(login), updated_at=timezone.now()
        )


def _subscriptions(
    rows: list[dict[str, Any]], posts: dict[int, int], ctx: WriteContext
) -> None:
    ids = [str(row["comment"]) for row in rows if row.get("comment")]
    comments = imported_find(source=ctx.source, kind="comment", import_ids=ids)
    for row in rows:
        comment = comments.get(str(row.get("comment")))
        post = posts.get(int(row.get("post") or 0))
        if post is None or (row.get("comment") and comment is None):
            ctx.report.skip(
                "subscription", str(row.get("post")), "its post or comment is gone"
            )
            continue
        found = Subscription.objects.filter(
            post_id=post, kind=row["kind"], email=row["email"],
            comment_id__isnull=comment is None,
        )  # fmt: skip
        if comment is not None:
            found = found.filter(comment_id=int(comment.object_id or 0))
        if found.exists():
            ctx.report.count("subscription", "unchanged")
            continue
        Subscription.objects.create(
            post_id=post, kind=row["kind"], email=row["email"], name=row["name"],
            comment_id=comment.object_id if comment else None,
            confirmed_at=_when(row.get("confirmed_at")),
            unsubscribed_at=_when(row.get("unsubscribed_at")),
        )  # fmt: skip
        ctx.report.count("subscription", "imported")


def _redirects(rows: list[dict[str, Any]], ctx: WriteContext) -> None:
    added = sum(
        redirects_add(source=ctx.source, paths=[r["old_path"]], new_url=r["new_url"])
        for r in rows
        if r.get("old_path") and r.get("new_url")
    )
    ctx.report.count("redirect", "imported", added)
    ctx.report.count("redirect", "unchanged", len(rows) - added)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
