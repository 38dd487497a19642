"""The site navigation's pages, for ``base.html`` (shown on every page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from porch.core.page_cache import fragment_get_or_make
from porch.pages import selectors


def menu(request: HttpRequest) -> dict[str, Any]:
    """Pages the host put in the menu: looked up only when a page shows the header,
    then shared until something changes."""
    return {
        "nav_pages": SimpleLazyObject(
            lambda: fragment_get_or_make("nav-pages", selectors.menu_links)
        )
    }
