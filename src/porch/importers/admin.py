"""The host's import page: upload an export, watch it run, read the report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from porch.importers.jobs import import_jobs_fail_stale
from porch.importers.models import ImportJob
from porch.importers.services import import_job_submit

SUFFIXES = {
    ImportJob.Source.WORDPRESS: (".xml",),
    ImportJob.Source.DISQUS: (".xml",),
    ImportJob.Source.ISSO: (".db", ".sqlite", ".sqlite3"),
}
SHOWN = [
    "source", "file_name", "dry_run", "status", "progress_bar", "summary",
    "report_text", "requested_by", "created_at", "started_at", "finished_at",
]  # fmt: skip


class ImportJobForm(forms.ModelForm[ImportJob]):
    class Meta:
        model = ImportJob
        fields = ["source", "file", "dry_run"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, source = data.get("file"), data.get("source")
        if not upload:
            self.add_error("file", _("Choose the exported file to import."))
        elif source in SUFFIXES and not upload.name.lower().endswith(SUFFIXES[source]):
            wanted = " or ".join(SUFFIXES[source])
            self.add_error("file", _("This kind of export is a %s file.") % wanted)
        return data


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    form = ImportJobForm
    change_form_template = "admin/importers/importjob/change_form.html"
    list_display = ["__str__", "status", "progress_bar", "dry_run", "created_at"]
    list_filter = ["status", "source"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        import_jobs_fail_stale()  # a killed worker's job would say "importing" forever
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        import_jobs_fail_stale()
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return ["source", "file", "dry_run"] if obj is None else SHOWN

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> Any:
        return [] if obj is None else SHOWN

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False  # a job is a record of what happened; its page is read-only

    def save_model(
        self, request: HttpRequest, obj: ImportJob, form: Any, change: bool
    ) -> None:
        obj.requested_by = request.user if request.user.is_authenticated else None
        import_job_submit(job=obj)

    @admin.display(description=_("progress"))
    def progress_bar(self, obj: ImportJob) -> str:
        return format_html(
            '<progress value="{}" max="100">{}%</progress> {}%',
            obj.progress,
            obj.progress,
            obj.progress,
        )

    @admin.display(description=_("report"))
    def report_text(self, obj: ImportJob) -> str:
        if not obj.report:
            return str(_("The report appears here when the import has run."))
        return format_html("<pre>{}</pre>", obj.report)
