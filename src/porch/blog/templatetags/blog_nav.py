"""The site navigation's blog entries, for ``base.html`` (shown on every page)."""

from __future__ import annotations

from django import template

from porch.blog import selectors
from porch.blog.models import Series

register = template.Library()


@register.simple_tag
def nav_series() -> list[Series]:
    """Series with visible posts, for the header's navigation."""
    return selectors.series_list()
