"""Files an export names: used only when they are already in the media folder."""

from __future__ import annotations

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile

from porch.importers.report import ImportReport


def featured_image(path: str, label: str, report: ImportReport) -> str:
    """``path`` when the image is in the media folder; else "" and a problem."""
    found = stored_file(path, label, report)
    if path and not found:
        report.problem(
            f"{label}: featured image {path} is not in the media folder; copy the "
            "old site's media folder (media/) and import again"
        )
    return found


def stored_file(path: str, label: str, report: ImportReport) -> str:
    """``path`` when that file is in the media folder, else "" (never outside it)."""
    if not path:
        return ""
    try:
        return path if default_storage.exists(path) else ""
    except SuspiciousFileOperation:
        report.problem(f"{label}: file path {path!r} points outside the media folder")
        return ""


def file_name(value: FieldFile) -> str:
    return str(value.name or "")
