"""A version 2 export into an empty site: every row as it was, its id included.

Comments keep their ids, so the ``/comments/<id>/`` links in feeds and emails sent
before still lead to them; accounts keep their password hashes and roles; the audit
log, the labelled examples (from which the site's model is refitted) and block rules
come back whole. Rows are loaded with Django's deserializer (the machinery behind
``loaddata``), in one transaction, then each table's id sequence is moved past the
largest id so new rows never collide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction

from porch.core.page_cache import page_cache_invalidate
from porch.importers.porch_json.tables import (
    BOOK,
    BY_NAME,
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
        _save_all(
            [
                {
                    "model": SITE_SETTINGS,
                    "pk": 1,
                    "fields": data.get("site_settings") or {},
                }
            ]
        )
        for name in TABLES:
            _save_all(_serialized(name, row) for row in data[name])
            if name == "people":
                _save_all(_books(data["people"]))
            kind = REPORT_KINDS.get(name, "item")
            report.count(kind, "imported", len(data[name]))
        _sequences_reset()
        page_cache_invalidate("site restored from an export")
    _missing_files_report(data, report)


def _save_all(objects: Any) -> None:
    for restored in serializers.deserialize("python", objects, ignorenonexistent=True):
        restored.save()


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
