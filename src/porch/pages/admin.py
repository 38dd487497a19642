"""Pages in the admin, for hosts and editors (Django's model permissions, given to
editors by ``porch.people.roles``): the post editor's live Markdown preview, a
parent, and the menu the host orders from the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from porch.core.sanitize import render_post_markdown
from porch.pages.models import Page
from porch.pages.services import page_address_problems, page_save


class PageAdminForm(forms.ModelForm[Page]):
    class Meta:
        model = Page
        fields = [
            "title", "slug", "parent", "body", "excerpt", "status",
            "show_in_menu", "menu_order",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "slug" in cleaned and "parent" in cleaned:
            problems = page_address_problems(
                pk=self.instance.pk, slug=cleaned["slug"], parent=cleaned["parent"]
            )
            for field, problem in problems.items():
                self.add_error(field, problem)
        return cleaned


@admin.register(Page)
class PageAdmin(admin.ModelAdmin[Page]):
    form = PageAdminForm
    list_display = [
        "title", "address", "parent", "status", "show_in_menu", "menu_order",
    ]  # fmt: skip
    list_editable = ["show_in_menu", "menu_order"]
    list_filter = ["status", "show_in_menu"]
    list_select_related = ["parent__parent"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ("title",)}
    save_on_top = True
    fieldsets = [
        (_("Writing"), {"fields": ["title", "slug", "parent", "body", "excerpt"]}),
        (_("Publishing"), {"fields": ["status", "show_in_menu", "menu_order"]}),
    ]

    class Media:
        # The post editor's preview script and style, shared as they are.
        js = ["blog/admin_preview.js"]
        css = {"all": ["blog/admin_preview.css"]}

    @admin.display(description=_("address"))
    def address(self, obj: Page) -> str:
        return obj.get_absolute_url()

    def view_on_site(self, obj: Page) -> str | None:
        # Only pages readers can see: a draft would be a 404 for them.
        return obj.get_absolute_url() if obj.status == Page.Status.PUBLISHED else None

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "body":
            field.widget.attrs["data-preview-url"] = reverse(
                "admin:pages_page_markdown_preview"
            )
            field.widget.attrs.update({"class": "porch-markdown", "rows": 18})
        return field

    def save_model(
        self, request: HttpRequest, obj: Page, form: forms.Form, change: bool
    ) -> None:
        page_save(page=obj)

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "markdown-preview/",
            self.admin_site.admin_view(self.markdown_preview_view),
            name="pages_page_markdown_preview",
        )
        return [preview, *super().get_urls()]

    def markdown_preview_view(self, request: HttpRequest) -> HttpResponse:
        allowed = self.has_add_permission(request) or self.has_change_permission(
            request
        )
        return _markdown_preview(request, allowed=allowed)


@require_POST
def _markdown_preview(request: HttpRequest, *, allowed: bool) -> HttpResponse:
    # The same renderer and sanitizer as the saved page, so the preview cannot show
    # markup the page would strip.
    if not allowed:
        return JsonResponse({"error": "not allowed"}, status=403)
    return JsonResponse({"html": render_post_markdown(request.POST.get("text", ""))})
