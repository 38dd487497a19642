"""The media library in the admin, and the post editor's upload endpoint.

The library's add form works without JavaScript; the editor's script
(``blog/editor_images.js``) posts one file at a time to ``upload/`` with its
description and inserts the Markdown it answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from porch.core.image_uploads import ImageRefusedError, PreparedImage, image_prepare
from porch.media.models import Image
from porch.media.selectors import image_uses
from porch.media.services import (
    image_default_share_set,
    image_delete,
    image_store,
    image_store_prepared,
)

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldGroups


class ImageAddForm(forms.ModelForm[Image]):
    upload = forms.FileField(
        label=_("picture"),
        help_text=_("JPEG, PNG, WebP or GIF, up to 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Image
        fields = ["alt"]

    prepared: PreparedImage | None = None

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        try:
            self.prepared = image_prepare(upload, name=upload.name, size=upload.size)
        except ImageRefusedError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin[Image]):
    list_display = [
        "thumbnail",
        "alt",
        "dimensions",
        "used_in",
        "is_default_share_image",
    ]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "original_name"]
    readonly_fields = ["thumbnail", "address", "dimensions", "used_in", "uploaded_by"]
    actions = ["make_default_share_image", "clear_default_share_image"]

    class Media:
        css = {"all": ["media/library.css"]}

    def get_form(
        self,
        request: HttpRequest,
        obj: Image | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Image]]:
        if obj is None:
            kwargs["form"] = ImageAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(
        self, request: HttpRequest, obj: Image | None = None
    ) -> _FieldGroups:
        if obj is None:
            return ["upload", "alt"]
        return ["thumbnail", "alt", "address", "dimensions", "used_in", "uploaded_by"]

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Image:
        if change:
            saved: Image = super().save_form(request, form, change)
            return saved
        upload = form.cleaned_data["upload"]
        return image_store_prepared(
            prepared=form.prepared,
            name=upload.name,
            alt=form.cleaned_data["alt"],
            uploaded_by=request.user if request.user.is_authenticated else None,
        )

    def save_model(
        self, request: HttpRequest, obj: Image, form: Any, change: bool
    ) -> None:
        if change:  # only the description changes; a new image is stored by save_form
            obj.save(update_fields=["alt", "updated_at"])

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        # An image has no relations to save, and a new one never went through
        # ``form.save``, so there is no ``save_m2m`` to call.
        if change:
            super().save_related(request, form, formsets, change)

    # --- deleting: refused while a post shows the image ------------------------------

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[Any, Any], set[Any], list[Any]]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for image in objs:
            protected += [
                f"{image.alt} — used in “{use.title}”"
                for use in image_uses(image=image)
            ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        image_delete(image=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            image_delete(image=image)

    # --- the default share image -----------------------------------------------------

    @admin.action(description=_("Use as the default share image of posts"))
    def make_default_share_image(
        self, request: HttpRequest, queryset: QuerySet[Image]
    ) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one image."), level=messages.ERROR
            )
            return
        image = queryset.get()
        image_default_share_set(image=image)
        self.message_user(
            request, _("“%(alt)s” is now the default share image.") % {"alt": image.alt}
        )

    @admin.action(description=_("Stop using a default share image"))
    def clear_default_share_image(
        self, request: HttpRequest, queryset: QuerySet[Image]
    ) -> None:
        image_default_share_set(image=None)
        self.message_user(request, _("Posts without a featured image share no image."))

    # --- columns ---------------------------------------------------------------------

    @admin.display(description=_("picture"))
    def thumbnail(self, obj: Image) -> str:
        return format_html(
            '<img class="porch-thumbnail" src="{}" alt="" width="120" height="{}" '
            'loading="lazy">',
            obj.thumbnail_url,
            max(1, round(120 * obj.height / max(obj.width, 1))),
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj: Image) -> str:
        return f"{obj.width} by {obj.height} px ({obj.image_format})"

    @admin.display(description=_("address (Markdown)"))
    def address(self, obj: Image) -> str:
        return format_html("<code>{}</code>", obj.markdown)

    @admin.display(description=_("used in"))
    def used_in(self, obj: Image) -> str:
        uses = image_uses(image=obj)
        if not uses:
            return str(_("not used yet"))
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:blog_post_change", args=[use.post_id]), use.title)
                for use in uses
            ),
        )

    # --- the editor's upload endpoint ------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="media_image_upload",
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        return _upload(request, allowed=self.has_add_permission(request))


@require_POST
def _upload(request: HttpRequest, *, allowed: bool) -> HttpResponse:
    if not allowed:
        return JsonResponse(
            {"error": str(_("Your role does not allow uploading."))}, status=403
        )
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse(
            {"error": str(_("Choose a picture to upload."))}, status=400
        )
    try:
        image = image_store(
            file=upload,
            name=str(upload.name),
            size=int(upload.size or 0),
            alt=request.POST.get("alt", ""),
            uploaded_by=request.user if request.user.is_authenticated else None,
        )
    except ImageRefusedError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {
            "url": image.url,
            "alt": image.alt,
            "markdown": image.markdown,
            "width": image.width,
            "height": image.height,
        },
        status=201,
    )
