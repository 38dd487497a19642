from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from porch.core.page_cache import fragment_get_or_make
from porch.media.selectors import default_share_image_get


def default_share_image(request: HttpRequest) -> dict[str, Any]:
    """The site's default ``og:image``: looked up only by a template that shows it,
    then shared until something changes (choosing another ends the fragments)."""
    return {
        "default_share_image": SimpleLazyObject(
            lambda: fragment_get_or_make("default-share-image", default_share_image_get)
        )
    }
