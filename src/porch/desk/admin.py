"""Comments and block rules in the admin, changed only through the desk's services.

The desk registers these admins, not the comments or moderation apps: every change
here is a moderator's action, and those live in the desk, above both. So an
approval from the admin notifies subscribers and a block rule typed here is audited
exactly as from the desk. Staff see commenters' private fields here and nowhere else.

The desk also replaces the blog's post admin with one whose delete (single and the
"delete selected" action) takes the whole discussion with the post: the blog may not
import comments, and deleting what readers wrote is a moderator's action, audited.
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
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from porch.blog.admin import PostAdmin
from porch.blog.models import Post
from porch.comments.models import Comment
from porch.desk.errors import ModerationRefusedError
from porch.desk.services.blocks import block_rule_lift, block_rule_save
from porch.desk.services.comments import comment_edit_by_moderator, comments_moderate
from porch.desk.services.posts import (
    DiscussionSize,
    deletion_summary,
    discussion_sizes,
    post_delete_with_discussion,
    posts_delete_with_discussion,
    user_may_delete_posts,
)
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


admin.site.unregister(Post)


@admin.register(Post)
class PostWithDiscussionAdmin(PostAdmin):
    """The blog's post admin, deleting a post with its comments, replies included."""

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        # Django's own list would name every comment (with its text) and stop at the
        # replies that protect their parents; this says what goes, in numbers.
        posts = list(objs)
        sizes = discussion_sizes(post_ids=[post.pk for post in posts])
        listed: list[Any] = []
        for post in posts:
            size = sizes[post.pk]
            listed.append(
                format_html(
                    '{}: <a href="{}">{}</a>',
                    capfirst(Post._meta.verbose_name),
                    reverse("admin:blog_post_change", args=[post.pk]),
                    post,
                )
            )
            listed.append(_discussion_lines(size))
        total = DiscussionSize(
            comments=sum(size.comments for size in sizes.values()),
            replies=sum(size.replies for size in sizes.values()),
            subscriptions=sum(size.subscriptions for size in sizes.values()),
        )
        counts = {
            str(Post._meta.verbose_name_plural): len(posts),
            str(Comment._meta.verbose_name_plural): total.comments,
            str(_("replies (among the comments)")): total.replies,
            str(_("subscriptions")): total.subscriptions,
        }
        lacking = set() if user_may_delete_posts(request.user) else {"posts"}
        return listed, counts, lacking, []

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        try:
            post_delete_with_discussion(post=obj, actor=_moderator(request))
        except ModerationRefusedError as error:
            raise PermissionDenied(str(error)) from error

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        try:  # all of the selection or, refused, none
            posts_delete_with_discussion(posts=queryset, actor=_moderator(request))
        except ModerationRefusedError as error:
            raise PermissionDenied(str(error)) from error


def _discussion_lines(size: DiscussionSize) -> list[str]:
    if not size.comments and not size.subscriptions:
        return [str(_("no comments"))]
    lines = [f"{capfirst(str(_('the whole discussion')))}: {deletion_summary(size)}"]
    if size.subscriptions:
        lines.append(f"{size.subscriptions} email subscription(s) to the post")
    return lines
