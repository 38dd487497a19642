"""Comments and block rules in the admin, changed only through the desk's services.

The desk registers these admins, not the comments or moderation apps: every change
here is a moderator's action, and those live in the desk, above both. So an
approval from the admin notifies subscribers and a block rule typed here is audited
exactly as from the desk. Staff see commenters' private fields here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from porch.comments.models import Comment
from porch.desk.errors import ModerationRefusedError
from porch.desk.services.blocks import block_rule_lift, block_rule_save
from porch.desk.services.comments import comment_edit_by_moderator, comments_moderate
from porch.moderation.models import BlockRule, ModerationEvent
from porch.people.admin import HTTPS_URL_FIELDS


def _moderator(request: HttpRequest) -> AbstractBaseUser:
    if not isinstance(request.user, AbstractBaseUser):
        raise PermissionDenied("Log in to moderate.")
    return request.user


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["author_name", "post", "short_body", "status", "kind", "created_at"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["author_name", "author_email", "body", "post__title"]
    list_select_related = ["post"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"
    # Status changes go through the actions, so approvals notify subscribers and
    # every change lands in the audit log as it does from the desk.
    # The thread path is written once, with the post and parent: moving a comment
    # here would leave its path (and its replies) in the old place.
    readonly_fields = [
        "post",
        "parent",
        "status",
        "path",
        "ip",
        "user_agent",
        "body_html",
        "created_at",
    ]
    fields = [
        "post",
        "parent",
        "status",
        "kind",
        "author_name",
        "author_email",
        "author_url",
        "user",
        "body",
        "body_html",
        "ip",
        "user_agent",
        "path",
        "created_at",
    ]
    actions = ["approve", "remove", "mark_spam"]

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers through comment_submit

    def save_model(
        self, request: HttpRequest, obj: Comment, form: Any, change: bool
    ) -> None:
        # A saved body alone left the page showing the old body_html (a removed phone
        # number stayed on show) and no trace in the log: a body edit goes through the
        # moderator's edit, as it does from the desk.
        new_body = obj.body
        if change and "body" in form.changed_data:
            obj.body = form.initial["body"]
        super().save_model(request, obj, form, change)
        if obj.body == new_body:
            return
        actor = _moderator(request)
        try:
            comment_edit_by_moderator(comment=obj, actor=actor, body=new_body)
        except ModerationRefusedError as error:
            raise PermissionDenied(str(error)) from error

    @admin.action(description=_("Approve the selected comments"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, ModerationEvent.Action.APPROVE)

    @admin.action(description=_("Remove the selected comments"))
    def remove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, ModerationEvent.Action.REMOVE)

    @admin.action(description=_("Mark the selected comments as spam"))
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, ModerationEvent.Action.SPAM)

    def _moderate(
        self, request: HttpRequest, queryset: QuerySet[Comment], action: str
    ) -> None:
        actor = _moderator(request)
        chosen = list(queryset.select_related("post__author"))
        try:  # all of the selection or, refused, none
            comments_moderate(comments=chosen, actor=actor, action=action)
        except ModerationRefusedError as error:
            self.message_user(request, str(error), messages.ERROR)


@admin.register(BlockRule)
class BlockRuleAdmin(admin.ModelAdmin[BlockRule]):
    list_display = ["kind", "value", "reason", "expires_at", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "reason", "expires_at"]

    def save_model(
        self,
        request: HttpRequest,
        obj: BlockRule,
        form: ModelForm[BlockRule],
        change: bool,
    ) -> None:
        block_rule_save(rule=obj, actor=_moderator(request))

    def delete_model(self, request: HttpRequest, obj: BlockRule) -> None:
        block_rule_lift(rule=obj, actor=_moderator(request))

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[BlockRule]
    ) -> None:
        actor = _moderator(request)
        with transaction.atomic():  # every selected rule is lifted, or none
            for rule in queryset:
                block_rule_lift(rule=rule, actor=actor)
