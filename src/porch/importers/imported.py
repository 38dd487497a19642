"""Bookkeeping shared by every importer: what came from where, and old addresses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import slugify

from porch.importers.models import ImportedObject, LegacyRedirect
from porch.importers.records import CONVERSION_VERSION, fingerprint

__all__ = ["CONVERSION_VERSION", "fingerprint"]  # parsers hash without the database


def imported_find(
    *, source: str, kind: str, import_ids: Iterable[str]
) -> dict[str, ImportedObject]:
    """Earlier imports of ``import_ids``, keyed by their id in the export."""
    found = ImportedObject.objects.filter(
        source=source, kind=kind, import_id__in=list(import_ids)
    )
    return {record.import_id: record for record in found}


def imported_record(
    *,
    source: str,
    kind: str,
    import_id: str,
    target: models.Model | None,
    digest: str,
    metadata: dict[str, Any] | None = None,
    record: ImportedObject | None = None,
) -> ImportedObject:
    """Create or refresh the record of one imported object."""
    record = record or ImportedObject(source=source, kind=kind, import_id=import_id)
    if target is not None:
        record.content_type = ContentType.objects.get_for_model(target)
        record.object_id = target.pk
    record.fingerprint = digest
    record.metadata = metadata or {}
    record.save()
    return record


def target_pk(record: ImportedObject | None, model: type[models.Model]) -> int | None:
    """The pk of the object an earlier import made, unless it was deleted since."""
    if record is None or record.object_id is None:
        return None
    pk = int(record.object_id)
    return pk if model._default_manager.filter(pk=pk).exists() else None


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    max_length: int,
    exclude_pk: int | None = None,
) -> str:
    """``text`` as an ASCII slug that no other row of ``model`` holds yet."""
    base = slugify(text)[: max_length - 8].strip("-") or fallback
    others = model._default_manager.exclude(pk=exclude_pk)
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def redirects_add(
    *,
    source: str,
    paths: Iterable[str],
    target: models.Model | None = None,
    new_url: str = "",
) -> int:
    """Point old paths at ``target`` (or ``new_url``); a taken path keeps its target."""
    content_type = ContentType.objects.get_for_model(target) if target else None
    rows = [
        LegacyRedirect(
            old_path=path[:500],
            content_type=content_type,
            object_id=target.pk if target else None,
            new_url=new_url[:500],
            source=source[:255],
        )
        for path in dict.fromkeys(paths)
        if path
    ]
    taken = set(
        LegacyRedirect.objects.filter(
            old_path__in=[row.old_path for row in rows]
        ).values_list("old_path", flat=True)
    )
    fresh = [row for row in rows if row.old_path not in taken]
    LegacyRedirect.objects.bulk_create(fresh)
    return len(fresh)
