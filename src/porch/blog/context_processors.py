"""The site navigation's blog entries, for ``base.html`` (shown on every page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from porch.blog import selectors
from porch.core.page_cache import fragment_get_or_make


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Series with visible posts, for the header: looked up only when a page shows
    it (feeds and redirects render no header), then shared until something changes."""
    return {
        "nav_series": SimpleLazyObject(
            lambda: fragment_get_or_make("nav-series", selectors.series_list)
        )
    }
