from typing import Any

from django.conf import settings
from django.http import HttpRequest

from porch.core.models import SiteSettings


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name and address for every template (header, meta tags, feeds)."""
    return {"site": SiteSettings.current(), "site_url": settings.SITE_URL}
