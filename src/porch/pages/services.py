"""Every write to pages goes through here, so the admin and the importers agree."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from porch.core.sanitize import plain_text, render_post_markdown
from porch.pages.addresses import MAX_DEPTH, slug_reserved
from porch.pages.models import Page

EXCERPT_WORDS = 45


def page_address_problems(
    *, pk: int | None, slug: str, parent: Page | None
) -> dict[str, str]:
    """Why a page with this slug under ``parent`` cannot take its address, by field.

    A top-level page may not take a first segment another route uses (it could never
    be reached); a page may not sit under itself or one of its own subpages; chains
    stop at ``MAX_DEPTH``.
    """
    problems: dict[str, str] = {}
    if parent is None and slug and slug_reserved(slug):
        problems["slug"] = _(
            "“/%(slug)s/” is already an address of the site (or kept for one): "
            "choose another slug, or put the page under a parent."
        ) % {"slug": slug}
    depth = 1
    above = parent
    while above is not None:
        if pk is not None and above.pk == pk:
            problems["parent"] = _(
                "A page cannot sit under itself or one of its own subpages."
            )
            break
        depth += 1
        if depth > MAX_DEPTH:
            problems["parent"] = _(
                "Pages nest at most %(depth)d deep; choose a parent higher up."
            ) % {"depth": MAX_DEPTH}
            break
        above = above.parent
    return problems


def page_render(*, page: Page) -> Page:
    """Render the Markdown as posts are (same Markdown, same sanitizer) and fill an
    empty description from the body. The caller saves."""
    page.body_html = render_post_markdown(page.body)
    if not page.excerpt.strip():
        words = plain_text(page.body_html).split()
        page.excerpt = " ".join(words[:EXCERPT_WORDS]) + (
            "…" if len(words) > EXCERPT_WORDS else ""
        )
    return page


@transaction.atomic
def page_save(*, page: Page) -> Page:
    """Check the page's address, render its Markdown and save it.

    Raises ``ValidationError`` (by field) before anything is written.
    """
    problems = page_address_problems(pk=page.pk, slug=page.slug, parent=page.parent)
    if problems:
        raise ValidationError(problems)
    page_render(page=page)
    page.full_clean()
    page.save()
    return page
