from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from porch.media.selectors import default_share_image_get


def default_share_image(request: HttpRequest) -> dict[str, Any]:
    """The site's default ``og:image``; queried only by a template that shows it."""
    return {"default_share_image": SimpleLazyObject(default_share_image_get)}
