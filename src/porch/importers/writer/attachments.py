"""Attachments an import names: remembered by address (files stay where they are)."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.db.models import Q

from porch.importers.imported import imported_find, imported_record, redirects_add
from porch.importers.models import ImportedObject
from porch.importers.records import AttachmentRecord
from porch.importers.writer.context import WriteContext

# An attachment id -> (url, title, whether it was uploaded to the post asking).
Found = dict[str, tuple[str, str, bool]]


def attachment_write(*, record: AttachmentRecord, ctx: WriteContext) -> None:
    """Remember an attachment's address and point its old page at the file."""
    records = imported_find(
        source=ctx.source, kind="attachment", import_ids=[record.id]
    )
    earlier = records.get(record.id)
    if earlier is not None and earlier.fingerprint == record.digest:
        ctx.report.count("attachment", "unchanged")
        return
    with transaction.atomic():
        imported_record(
            source=ctx.source, kind="attachment", import_id=record.id, target=None,
            digest=record.digest, record=earlier, metadata={
                "url": record.url, "title": record.title, "parent": record.parent,
            },
        )  # fmt: skip
        if record.redirect_paths:
            redirects_add(
                source=ctx.source, paths=record.redirect_paths, new_url=record.url
            )
    ctx.report.count("attachment", "imported" if earlier is None else "updated")


def attachments_find(
    *, source: str, ids: Collection[str], post: str, with_post_own: bool
) -> Found:
    """Remembered attachments: ``ids``, and (when asked) those uploaded to ``post``."""
    query = Q(import_id__in=ids)
    if with_post_own:
        query |= Q(metadata__parent=post)
    records = ImportedObject.objects.filter(
        query, source=source, kind="attachment"
    ).order_by("pk")
    return {
        r.import_id: (
            str(r.meta.get("url", "")),
            str(r.meta.get("title", "")),
            r.meta.get("parent") == post,
        )
        for r in records
    }
