"""Personal data in the admin: the host exports or erases one commenter's data.

The page lives beside the list of past requests (read-only: the audit). Only the
host may use either; the admin's own login and CSRF checks guard every POST.
Erasing asks first, showing what it will change.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porch.privacy.forms import DELETE, ErasureForm, PersonalDataForm
from porch.privacy.matching import commenter_for
from porch.privacy.models import PrivacyRequest
from porch.privacy.selectors import personal_data_summary
from porch.privacy.services import personal_data_erase, personal_data_export

PAGE = "admin/privacy/personal_data.html"
CONFIRM = "admin/privacy/personal_data_confirm.html"


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin[PrivacyRequest]):
    change_list_template = "admin/privacy/privacyrequest/change_list.html"
    list_display = ["created_at", "action", "what_changed", "actor", "via"]
    list_filter = ["action", "via"]
    list_select_related = ["actor"]

    # The audit of who handled whose data: hosts only, and nobody edits it.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(
        self, request: HttpRequest, obj: PrivacyRequest | None = None
    ) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: PrivacyRequest | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: PrivacyRequest | None = None
    ) -> bool:
        return False

    @admin.display(description=_("what it found or changed"))
    def what_changed(self, obj: PrivacyRequest) -> str:
        return obj.summary

    def get_urls(self) -> list[URLPattern]:
        page = self.admin_site.admin_view(self.personal_data_view)
        return [
            path("personal-data/", page, name="privacy_personal_data"),
            *super().get_urls(),
        ]

    def personal_data_view(self, request: HttpRequest) -> HttpResponse:
        """The address form (GET); its export (POST ``do=export``), the erasure's
        confirmation (``do=erase``) and the erasure (``do=erase-confirmed``)."""
        if not self.has_module_permission(request):
            raise PermissionDenied
        chosen = request.POST.get("do", "")
        if request.method != "POST" or chosen not in {
            "export",
            "erase",
            "erase-confirmed",
        }:
            return self._page(request, PersonalDataForm())
        if chosen == "erase-confirmed":
            return self._erase(request)
        form = PersonalDataForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        if chosen == "export":
            return self._export(request, form.cleaned_data["email"])
        commenter = commenter_for(form.cleaned_data["email"])
        return self._confirm(request, ErasureForm(initial={"email": commenter.address}))

    def _context(self, request: HttpRequest, **more: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Personal data"),
            **more,
        }

    def _page(
        self, request: HttpRequest, form: PersonalDataForm, status: int = 200
    ) -> HttpResponse:
        return render(request, PAGE, self._context(request, form=form), status=status)

    def _confirm(
        self, request: HttpRequest, form: ErasureForm, status: int = 200
    ) -> HttpResponse:
        email = form["email"].value() or ""
        summary = personal_data_summary(commenter=commenter_for(str(email)))
        context = self._context(request, form=form, summary=summary)
        return render(request, CONFIRM, context, status=status)

    def _export(self, request: HttpRequest, email: str) -> HttpResponse:
        document = personal_data_export(
            email=email, actor=request.user, via=PrivacyRequest.Via.ADMIN
        )
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        name = f"personal-data-{timezone.now():%Y%m%d-%H%M%S}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _erase(self, request: HttpRequest) -> HttpResponse:
        form = ErasureForm(request.POST)
        if not form.is_valid():
            if "email" in form.errors:
                return self._page(request, PersonalDataForm(request.POST), status=400)
            return self._confirm(request, form, status=400)
        done = personal_data_erase(
            email=form.cleaned_data["email"],
            delete=form.cleaned_data["mode"] == DELETE,
            actor=request.user,
            via=PrivacyRequest.Via.ADMIN,
        )
        self.message_user(
            request, _("Erased the commenter: %s.") % done.summary, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:privacy_privacyrequest_changelist"))
