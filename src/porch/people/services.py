"""Writes to people: profiles render their bio once, at write time."""

from __future__ import annotations

from porch.core.sanitize import render_post_markdown
from porch.people.models import Person


def person_render(*, person: Person) -> Person:
    """Render the Markdown bio to stored, sanitized HTML; the caller saves."""
    person.bio_html = render_post_markdown(person.bio) if person.bio else ""
    return person
