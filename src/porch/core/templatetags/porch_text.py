"""Filters for showing text safely: Markdown through the sanitizer, links by scheme."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.utils.safestring import SafeString, mark_safe

from porch.core.sanitize import render_post_markdown

register = template.Library()

LINK_SCHEMES = {"http", "https"}


@register.filter
def post_markdown(text: str) -> SafeString:
    """Markdown by the site's own people (a series description) as clean HTML."""
    # render_post_markdown sanitizes through nh3, so its output is safe to mark.
    return mark_safe(render_post_markdown(text or ""))  # noqa: S308


@register.filter
def http_url(url: str) -> str:
    """``url`` if it is an http(s) address, else nothing.

    Model validation already refuses other schemes, but imported rows may skip it,
    and a ``javascript:`` link in a bio would run in a reader's browser.
    """
    text = (url or "").strip()
    return text if urlsplit(text).scheme.lower() in LINK_SCHEMES else ""
