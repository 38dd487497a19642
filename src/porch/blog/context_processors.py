"""The site navigation's blog entries, for ``base.html`` (shown on every page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from porch.blog import selectors


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Series with visible posts, for the header; queried only when a page shows it
    (feeds and redirects render no header)."""
    return {"nav_series": SimpleLazyObject(selectors.series_list)}
