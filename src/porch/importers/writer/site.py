"""What only a whole-site export carries: settings, subscriptions, plain redirects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from porch.comments.models import Subscription
from porch.core.models import SiteSettings
from porch.importers.imported import imported_find, redirects_add
from porch.importers.records import SubscriptionRecord
from porch.importers.report import ImportReport
from porch.importers.writer.context import WriteContext


def site_settings_restore(*, values: Mapping[str, Any], report: ImportReport) -> None:
    """Set the site's settings the export names, unless Porch would refuse them."""
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


def subscriptions_write(
    *,
    subscriptions: Sequence[SubscriptionRecord],
    posts: Mapping[str, int],
    ctx: WriteContext,
) -> None:
    """Add each subscription whose post (and comment) came in; ``posts`` maps ids."""
    ids = [s.comment for s in subscriptions if s.comment]
    comments = imported_find(source=ctx.source, kind="comment", import_ids=ids)
    for record in subscriptions:
        comment = comments.get(record.comment)
        post = posts.get(record.post)
        if post is None or (record.comment and comment is None):
            ctx.report.skip("subscription", record.post, "its post or comment is gone")
            continue
        found = Subscription.objects.filter(
            post_id=post, kind=record.kind, email=record.email,
            comment_id__isnull=comment is None,
        )  # fmt: skip
        if comment is not None:
            found = found.filter(comment_id=int(comment.object_id or 0))
        if found.exists():
            ctx.report.count("subscription", "unchanged")
            continue
        Subscription.objects.create(
            post_id=post, kind=record.kind, email=record.email, name=record.name,
            comment_id=comment.object_id if comment else None,
            confirmed_at=record.confirmed_at, unsubscribed_at=record.unsubscribed_at,
        )  # fmt: skip
        ctx.report.count("subscription", "imported")


def redirects_restore(
    *, redirects: Sequence[tuple[str, str]], ctx: WriteContext
) -> None:
    """Old paths to new addresses; a pair missing either half counts as unchanged."""
    added = sum(
        redirects_add(source=ctx.source, paths=[old_path], new_url=new_url)
        for old_path, new_url in redirects
        if old_path and new_url
    )
    ctx.report.count("redirect", "imported", added)
    ctx.report.count("redirect", "unchanged", len(redirects) - added)
