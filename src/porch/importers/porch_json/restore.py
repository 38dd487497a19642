"""A version 2 export into an empty site: every row as it was, its id included.

Comments keep their ids, so the ``/comments/<id>/`` links in feeds and emails sent
before still lead to them; accounts keep their password hashes and roles; the audit
log, the labelled examples (from which the site's model is refitted) and block rules
come back whole. Rows are read with Django's deserializer (the machinery behind
``loaddata``) and inserted 500 at a time, in one transaction, then each table's id
sequence is moved past the largest id so new rows never collide. Bulk inserts send
no signals: the page cache is ended once, at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

from porch.core.page_cache import page_cache_invalidate
from porch.importers.porch_json.tables import (
    BOOK,
    BY_NAME,
    OPTIONAL,
    SITE_SETTINGS,
    TABLES,
    model_of,
)
from porch.importers.report import ImportReport

# Lists counted under their own line of the report; the rest as "other items".
REPORT_KINDS = {
    "people": "person", "series": "series", "categories": "category",
    "tags": "tag", "posts": "post", "comments": "comment",
    "subscriptions": "subscription", "redirects": "redirect",
}  # fmt: skip
_IDS_PER_QUERY = 500
_ROWS_PER_INSERT = 500


def site_is_empty() -> bool:
    """No account, person, post, comment or moderation row yet (roles may exist)."""
    return not any(
        model_of(name)._default_manager.exists()
        for name in TABLES
        if name not in BY_NAME
    )


def site_holds(data: dict[str, Any]) -> bool:
    """Whether every post and comment of the export is here under its own id."""
    wanted = [
        ("posts", {row["id"]: row["slug"] for row in data["posts"]}, "slug"),
        ("comments", {row["id"]: row["post"] for row in data["comments"]}, "post_id"),
    ]
    if not any(rows for _name, rows, _field in wanted):
        return False
    for name, rows, field in wanted:
        found: dict[Any, Any] = {}
        ids = list(rows)
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = model_of(name)._default_manager.filter(
                pk__in=ids[start : start + _IDS_PER_QUERY]
            )
            found.update(chunk.values_list("pk", field))
        if found != rows:
            return False
    return True


def export_restore(*, data: dict[str, Any], report: ImportReport) -> None:
    """Write every row of a version 2 export, ids and all, in one transaction.

    The caller has checked that the site is empty (``site_is_empty``).
    """
    with transaction.atomic():
        settings_row = {"model": SITE_SETTINGS, "pk": 1}
        _save_each([settings_row | {"fields": data.get("site_settings") or {}}])
        for name in TABLES:
            listed = data.get(name, []) if name in OPTIONAL else data[name]
            rows = (_serialized(name, row) for row in listed)
            if name in BY_NAME:
                _save_each(rows)
            else:
                _insert_all(rows)
            if name == "people":
                _insert_all(_books(data["people"]))
            kind = REPORT_KINDS.get(name, "item")
            report.count(kind, "imported", len(listed))
        _sequences_reset()
        page_cache_invalidate("site restored from an export")
    _missing_files_report(data, report)


def _save_each(objects: Iterable[dict[str, Any]]) -> None:
    """Save rows one by one: roles update the one ``migrate`` made by name."""
    for restored in serializers.deserialize("python", objects, ignorenonexistent=True):
        restored.save()


def _insert_all(objects: Iterable[dict[str, Any]]) -> None:
    """Insert rows with their ids, a batch at a time, then their many-to-many links."""
    batch: list[Model] = []
    links: list[tuple[Model, str, Sequence[Any]]] = []
    for restored in serializers.deserialize("python", objects, ignorenonexistent=True):
        batch.append(restored.object)
        links += [
            (restored.object, name, ids)
            for name, ids in (restored.m2m_data or {}).items()
        ]
        if len(batch) == _ROWS_PER_INSERT:
            _rows_insert(batch)
            batch = []
    if batch:
        _rows_insert(batch)
    _links_insert(links)


def _rows_insert(objects: list[Model]) -> None:
    """Insert as ``loaddata`` saves (raw): ``auto_now`` fields keep the file's times.

    ``bulk_create`` would stamp them with the clock, and ``save`` costs a query or
    two and the signals a row (8 minutes for 50,000 comments); this is the insert
    both run, batched.
    """
    model = type(objects[0])
    fields = list(model._meta.local_concrete_fields)
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        model._base_manager._insert(  # type: ignore[attr-defined]
            objects[start : start + size],
            fields=fields,
            raw=True,
            using=connection.alias,
        )


def _links_insert(links: list[tuple[Model, str, Sequence[Any]]]) -> None:
    rows: dict[type[Model], list[Model]] = {}
    for obj, name, ids in links:
        field = obj._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        own = field.m2m_field_name()  # type: ignore[union-attr]
        other = field.m2m_reverse_field_name()  # type: ignore[union-attr]
        rows.setdefault(through, []).extend(
            through(**{f"{own}_id": obj.pk, f"{other}_id": pk}) for pk in ids
        )
    for through, made in rows.items():
        through._default_manager.bulk_create(made, batch_size=_ROWS_PER_INSERT)


def _serialized(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """One row as Django's python serializer writes it: model, pk, fields."""
    model = model_of(name)
    fields = {
        field.name: row[field.name]
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name in row
    }
    for field in model._meta.many_to_many:
        if field.name in row:
            fields[field.name] = row[field.name]
    if name == "accounts":  # roles by name, as the natural key [name]
        fields["groups"] = [[group] for group in row.get("groups", [])]
    found = {"model": model._meta.label_lower, "fields": fields}
    return found if name in BY_NAME else found | {"pk": row["id"]}


def _books(people: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for person in people:
        for book in person.get("books", []):
            fields = {key: book[key] for key in ("title", "url", "position")}
            yield {
                "model": BOOK,
                "pk": book["id"],
                "fields": fields | {"person": person["id"]},
            }


def _sequences_reset() -> None:
    """Move each id sequence past the restored ids (PostgreSQL; SQLite needs none)."""
    models = [model_of(name) for name in TABLES] + [
        model_of(BOOK),
        model_of(SITE_SETTINGS),
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _missing_files_report(data: dict[str, Any], report: ImportReport) -> None:
    names = [row.get("photo") for row in data["people"]]
    names += [row.get("featured_image") for row in data["posts"]]
    missing = [name for name in names if name and not default_storage.exists(name)]
    if missing:
        report.problem(
            f"{len(missing)} files the export names are not in the media folder "
            f"(such as {missing[0]}): copy the old site's media/ folder here"
        )
