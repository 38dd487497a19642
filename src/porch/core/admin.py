"""The site's one settings row, and the admin's branding taken from it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from porch.core.client_ip import client_ip
from porch.core.login_limits import (
    LoginRefused,
    login_attempt_check,
    login_succeeded,
)
from porch.core.models import SiteSettings


def _site_name() -> str:
    return str(SiteSettings.current().site_name)


def _admin_title() -> str:
    return _("%(site)s admin") % {"site": _site_name()}


class LoginForm(AdminAuthenticationForm):
    """The admin's login form, refusing an address or an account tried too often.

    ``refused`` is set when a limit refused the attempt: ``login_view`` then answers
    429 with ``Retry-After``.
    """

    refused: LoginRefused | None = None

    def clean(self) -> dict[str, Any]:
        ip = client_ip(self.request) if self.request is not None else ""
        username = str(self.cleaned_data.get("username") or "")
        self.refused = login_attempt_check(ip=ip, username=username)
        if self.refused is not None:
            raise ValidationError(self.refused.message, code="rate_limited")
        cleaned = super().clean()
        login_succeeded(username=username)
        return cleaned


admin.site.login_form = LoginForm
# Lazy strings are worked out each time a page renders, so a renamed site shows its
# new name at once, without a restart.
admin.site.site_header = lazy(_site_name, str)()
admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = gettext_lazy("Writing and discussion")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin[SiteSettings]):
    """One row: no adding a second, no deleting it; the list opens the row itself."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(
        self, request: HttpRequest, obj: SiteSettings | None = None
    ) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        row = SiteSettings.current()
        return HttpResponseRedirect(
            reverse("admin:core_sitesettings_change", args=[row.pk])
        )
