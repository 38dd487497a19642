"""The writing desk: posts, series, categories and tags in Django's admin.

What each role may do is decided by ``porch.blog.services.post_write_refusal`` when a
post is saved; the admin also narrows what it shows and offers (lists, status choices,
bylines) so a writer is never handed a choice the save would refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from porch.blog.models import Category, Post, Series, Tag
from porch.blog.selectors import post_preview_token
from porch.blog.services import post_save_from_admin
from porch.core.sanitize import render_post_markdown
from porch.people.models import Person
from porch.people.roles import user_can_publish, user_edits_any_post

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldOpts, _FieldsetSpec
    from django.utils.functional import _StrOrPromise

PREVIEWED_FIELDS = ("body", "intro")


class PostStatusFilter(admin.SimpleListFilter):
    """Status as a writer thinks of it: a scheduled post is not yet published."""

    title = _("status")
    parameter_name = "state"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [
            ("draft", str(_("draft"))),
            ("review", str(_("in review"))),
            ("scheduled", str(_("scheduled"))),
            ("published", str(_("published"))),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Post]
    ) -> QuerySet[Post] | None:
        now = timezone.now()
        published = queryset.filter(status=Post.Status.PUBLISHED)
        if self.value() == "scheduled":
            return published.filter(publish_at__gt=now)
        if self.value() == "published":
            return published.filter(publish_at__lte=now)
        if self.value() in {"draft", "review"}:
            return queryset.filter(status=self.value())
        return queryset


class PostAdminForm(forms.ModelForm[Post]):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "author", "body", "excerpt", "featured_image",
            "featured_image_alt", "intro", "questions", "status", "publish_at",
            "series", "categories", "tags", "comments_open", "comment_policy",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # "Published" with no time means "publish now"; without this the writer would
        # meet the database constraint's message instead.
        if (
            cleaned.get("status") == Post.Status.PUBLISHED
            and "publish_at" in self.fields
            and not cleaned.get("publish_at")
        ):
            cleaned["publish_at"] = timezone.now()
        return cleaned


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    form = PostAdminForm
    list_display = [
        "title",
        "status_label",
        "author",
        "series",
        "publish_at",
        "preview",
    ]
    list_filter = [
        PostStatusFilter,
        ("author", admin.RelatedOnlyFieldListFilter),
        "series",
        "categories",
        "tags",
    ]
    list_select_related = ["author", "series"]
    date_hierarchy = "publish_at"
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["series", "categories", "tags"]
    readonly_fields = ["preview"]
    save_on_top = True
    fieldsets = [
        (
            _("Writing"),
            {
                "fields": [
                    "title",
                    "slug",
                    "author",
                    "body",
                    "excerpt",
                    "featured_image",
                    "featured_image_alt",
                ]
            },
        ),
        (
            _("Guest intro and discussion questions"),
            {"fields": ["intro", "questions"], "classes": ["collapse"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "series",
                    "categories",
                    "tags",
                    "preview",
                ]
            },
        ),
        (
            _("Discussion"),
            {"fields": ["comments_open", "comment_policy"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        js = ["blog/admin_preview.js", "blog/editor_images.js"]
        css = {"all": ["blog/admin_preview.css", "blog/editor_images.css"]}

    # --- who sees what -------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Post]:
        posts = super().get_queryset(request)
        if user_edits_any_post(request.user):
            return posts
        return posts.filter(author__user=request.user.pk)

    def has_view_permission(
        self, request: HttpRequest, obj: Post | None = None
    ) -> bool:
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def has_change_permission(
        self, request: HttpRequest, obj: Post | None = None
    ) -> bool:
        if not super().has_change_permission(request, obj) or not self._owns(
            request, obj
        ):
            return False
        # A published post is live: a guest contributor may read it, not rewrite it.
        return bool(
            obj is None
            or obj.status != Post.Status.PUBLISHED
            or user_can_publish(request.user)
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: Post | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and self._owns(request, obj)

    def _owns(self, request: HttpRequest, obj: Post | None) -> bool:
        if obj is None or user_edits_any_post(request.user):
            return True
        return bool(obj.author.user_id == request.user.pk)

    # --- what the form offers ------------------------------------------------------

    def get_fieldsets(
        self, request: HttpRequest, obj: Post | None = None
    ) -> _FieldsetSpec:
        fieldsets = super().get_fieldsets(request, obj)
        if user_can_publish(request.user):
            return fieldsets
        # Guest contributors never schedule, so they are not shown the publish time.
        narrowed: list[tuple[_StrOrPromise | None, _FieldOpts]] = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field != "publish_at"]
            narrowed.append((name, {**options, "fields": fields}))
        return narrowed

    def formfield_for_choice_field(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.TypedChoiceField | None:
        if db_field.name == "status" and not user_can_publish(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Post.Status.choices
                if value != Post.Status.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "author" and not user_edits_any_post(request.user):
            own = Person.objects.filter(user=request.user.pk)
            kwargs["queryset"] = own
            kwargs["initial"] = own.first()
            kwargs["empty_label"] = None
        elif db_field.name == "author":
            kwargs["initial"] = Person.objects.filter(user=request.user.pk).first()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in PREVIEWED_FIELDS:
            field.widget.attrs["data-preview-url"] = reverse(
                "admin:blog_post_markdown_preview"
            )
            field.widget.attrs.update({"class": "porch-markdown", "rows": 18})
        if field is not None and db_field.name == "body":
            # The media library's endpoint (porch.media.admin); the editor's script
            # adds the upload button and drop target to fields that carry it.
            field.widget.attrs["data-upload-url"] = reverse("admin:media_image_upload")
        return field

    # --- saving --------------------------------------------------------------------

    def save_model(
        self, request: HttpRequest, obj: Post, form: forms.Form, change: bool
    ) -> None:
        post_save_from_admin(post=obj, writer=request.user)

    # --- links and lists -----------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Post) -> str:
        if obj.is_scheduled:
            return str(_("scheduled"))
        if obj.status == Post.Status.PUBLISHED:
            return str(_("published"))
        return str(obj.get_status_display())

    @admin.display(description=_("preview"))
    def preview(self, obj: Post) -> str:
        if not obj.pk:
            return str(_("Save the post to get a preview link."))
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            self.preview_url(obj),
            _("Preview"),
        )

    def preview_url(self, obj: Post) -> str:
        return reverse("blog:preview", args=[post_preview_token(post=obj)])

    def view_on_site(self, obj: Post) -> str | None:
        # Only posts readers can see: a draft or scheduled post would be a 404.
        visible = obj.status == Post.Status.PUBLISHED and not obj.is_scheduled
        return obj.get_absolute_url() if visible else None

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        in_review = self.get_queryset(request).filter(status=Post.Status.REVIEW).count()
        response = super().changelist_view(request, extra_context)
        if (
            in_review
            and isinstance(response, TemplateResponse)
            and response.context_data
        ):
            title = response.context_data.get("title", "")
            count = ngettext(
                "%(count)d post in review", "%(count)d posts in review", in_review
            ) % {"count": in_review}
            response.context_data["title"] = f"{title} ({count})"
        return response

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Post | None = None,
    ) -> HttpResponse:
        # Reached only once the admin has fetched the post and checked the writer may
        # see it, so the preview link costs no second lookup.
        if obj is not None and obj.pk:
            context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- the Markdown preview endpoint ---------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "markdown-preview/",
            self.admin_site.admin_view(self.markdown_preview_view),
            name="blog_post_markdown_preview",
        )
        return [preview, *super().get_urls()]

    def markdown_preview_view(self, request: HttpRequest) -> HttpResponse:
        return _markdown_preview(request, allowed=self._may_write(request))

    def _may_write(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) or self.has_change_permission(request)


@require_POST
def _markdown_preview(request: HttpRequest, *, allowed: bool) -> HttpResponse:
    # The same renderer and sanitizer as the saved post, so the preview cannot show
    # markup the page would strip.
    if not allowed:
        return JsonResponse({"error": "not allowed"}, status=403)
    return JsonResponse({"html": render_post_markdown(request.POST.get("text", ""))})


class _TermAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Series)
class SeriesAdmin(_TermAdmin):
    pass


@admin.register(Category)
class CategoryAdmin(_TermAdmin):
    list_display = ["name", "slug", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(_TermAdmin):
    pass
