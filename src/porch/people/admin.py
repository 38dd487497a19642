"""People in the admin: bylines with their bio, photo and books.

Hosts and editors manage everyone; authors and guest contributors see and edit only
the profile linked to their own login.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from porch.core.identity_text import IdentityTextField, IdentityURLField
from porch.people.models import Book, Person
from porch.people.roles import user_edits_any_post
from porch.people.services import person_save

# A bare "quiet-mornings.example" becomes an https:// address, as in the comment form
# (and as Django 6 will do by default).
HTTPS_URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class BookInline(admin.TabularInline[Book, Person]):
    model = Book
    fields = ["title", "url", "position"]
    extra = 1
    formfield_overrides = HTTPS_URL_FIELDS


class PersonForm(forms.ModelForm[Person]):
    """A byline is who someone is: its name and site are cleaned like a commenter's."""

    class Meta:
        model = Person
        fields = ["display_name", "slug", "user", "email", "bio", "photo"]
        fields += ["site_name", "site_url"]
        field_classes = {
            "display_name": IdentityTextField,
            "site_name": IdentityTextField,
            "site_url": IdentityURLField,
        }


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    form = PersonForm
    list_display = ["display_name", "slug", "user", "site_name"]
    list_select_related = ["user"]
    search_fields = ["display_name", "slug"]
    prepopulated_fields = {"slug": ("display_name",)}
    inlines = [BookInline]
    formfield_overrides = HTTPS_URL_FIELDS
    fieldsets = [
        (None, {"fields": ["display_name", "slug", "user", "email"]}),
        (None, {"fields": ["bio", "photo", "site_name", "site_url"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        people = super().get_queryset(request)
        if user_edits_any_post(request.user):
            return people
        return people.filter(user=request.user.pk)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Person | None = None
    ) -> list[str]:
        if user_edits_any_post(request.user):
            return []
        # Who a profile belongs to is an editor's decision, not the writer's.
        return ["slug", "user"]

    def get_prepopulated_fields(
        self, request: HttpRequest, obj: Person | None = None
    ) -> dict[str, Sequence[str]]:
        if user_edits_any_post(request.user):
            return {"slug": ("display_name",)}
        return {}

    def save_model(
        self, request: HttpRequest, obj: Person, form: forms.Form, change: bool
    ) -> None:
        person_save(person=obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def _owns(self, request: HttpRequest, obj: Person | None) -> bool:
        if obj is None or user_edits_any_post(request.user):
            return True
        return bool(obj.user_id == request.user.pk)
