"""Moderation in the admin: the audit log and examples, read-only.

The moderator's desk is the everyday interface; the admin is for looking things up.
Block rules are edited in the admin too, but the desk registers that page
(``porch.desk.admin``), so every change to a rule is audited like one from the desk.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from porch.moderation.models import ModerationEvent, ModerationExample


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    # History is written by the services in the same transaction as the change;
    # editing it afterwards would make the log lie.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Any | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Any | None = None
    ) -> bool:
        return False


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "comment_id"]
    list_filter = ["action", "created_at"]
    search_fields = ["text_snapshot", "text_before", "text_after"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]


@admin.register(ModerationExample)
class ModerationExampleAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "label", "post_title", "actor"]
    list_filter = ["label", "created_at"]
    search_fields = ["text", "post_title"]
    list_select_related = ["actor"]
