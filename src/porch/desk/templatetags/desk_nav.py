"""``{% desk_nav_link %}``: the site navigation's link to the desk, with its count.

The base template belongs to no app; this tag lets it show the number of held
comments to staff without the page's view knowing about moderation.
"""

from __future__ import annotations

from typing import Any

from django import template

from porch.desk.selectors import held_count, moderates_anything

register = template.Library()


@register.inclusion_tag("desk/nav_link.html", takes_context=True)
def desk_nav_link(context: template.Context) -> dict[str, Any]:
    """The desk link and pending count for a moderator; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not moderates_anything(user):
        return {"show": False}
    return {"show": True, "pending": held_count(user=user), "request": request}
