"""Categories, tags and series an import names: shared by slug, or added."""

from __future__ import annotations

from urllib.parse import unquote

from django.db import transaction
from django.utils.text import slugify

from porch.blog.models import Category, Series, Tag
from porch.importers.imported import (
    imported_find,
    imported_record,
    target_pk,
    unique_slug,
)
from porch.importers.records import SeriesRecord, TermRecord, record_digest
from porch.importers.writer.context import WriteContext


def categories_parents_first(categories: list[TermRecord]) -> list[TermRecord]:
    """Categories ordered so each parent comes before its children."""
    by_slug = {category.slug: category for category in categories}
    ordered: dict[str, TermRecord] = {}

    def visit(category: TermRecord, seen: frozenset[str]) -> None:
        parent = by_slug.get(category.parent)
        if (
            parent is not None
            and parent.slug not in seen
            and parent.slug not in ordered
        ):
            visit(parent, seen | {category.slug})
        ordered.setdefault(category.slug, category)

    for category in categories:
        visit(category, frozenset())
    return list(ordered.values())


def term_write(term: TermRecord, ctx: WriteContext) -> int:
    """A category or tag, matched by slug to an existing one or added; its pk."""
    model = Category if term.kind == "category" else Tag
    known = ctx.categories if term.kind == "category" else ctx.tags
    key = term.slug or term.name
    digest = record_digest(term)
    record = imported_find(source=ctx.source, kind=term.kind, import_ids=[key]).get(key)
    pk = target_pk(record, model)
    if record is not None and pk is not None and record.fingerprint == digest:
        ctx.report.count(term.kind, "unchanged")  # no write, no transaction
        known[key] = pk
        return pk
    with transaction.atomic():
        if record is not None and pk is not None:
            found = model.objects.get(pk=pk)
            outcome = "unchanged" if record.fingerprint == digest else "updated"
        else:
            found = _term_match(model, key, fallback=f"{term.kind}-{digest[:8]}")
            outcome = "imported"
        if outcome != "unchanged":
            found.name = (term.name or key)[:120]
            if isinstance(found, Category):
                found.parent_id = ctx.categories.get(term.parent)
            found.full_clean()
            found.save()
            imported_record(
                source=ctx.source, kind=term.kind, import_id=key, target=found,
                digest=digest, record=record,
                metadata={"wp_id": term.id} if term.id else None,  # for ?cat=ID
            )  # fmt: skip
        ctx.report.count(term.kind, outcome)
    known[key] = found.pk
    return int(found.pk)


def _term_match(
    model: type[Category | Tag], key: str, *, fallback: str
) -> Category | Tag:
    wanted = slugify(unquote(key))[:140]
    found = model.objects.filter(slug=wanted).first() if wanted else None
    if found is not None:  # the same term already on this site: share it
        return found
    return model(
        slug=unique_slug(model, unquote(key), fallback=fallback, max_length=140)
    )


def term_pk(term: TermRecord, ctx: WriteContext) -> int:
    """The pk of a term a post names, adding it if the export never declared it."""
    known = ctx.categories if term.kind == "category" else ctx.tags
    if term.slug in known:
        return known[term.slug]
    return term_write(term, ctx)


def categories_restore(
    categories: list[TermRecord], ctx: WriteContext
) -> dict[str, int]:
    """A Porch export's categories by slug, then their parents (named by id, which may
    come later in the file); their pks by the export's id. Known by the context too.
    """
    pks = {}
    for term in categories:
        category, created = Category.objects.get_or_create(
            slug=term.slug, defaults={"name": term.name}
        )
        pks[term.id] = category.pk
        ctx.categories[term.slug] = category.pk
        ctx.report.count("category", "imported" if created else "unchanged")
    for term in categories:
        parent = pks.get(term.parent) if term.parent else None
        Category.objects.filter(pk=pks[term.id], parent__isnull=True).update(
            parent_id=parent
        )
    return pks


def tag_get(term: TermRecord, ctx: WriteContext) -> int:
    """The site's tag with the slug of a Porch export's, added if missing; its pk."""
    tag, _created = Tag.objects.get_or_create(
        slug=term.slug, defaults={"name": term.name}
    )
    ctx.tags[term.slug] = tag.pk
    return int(tag.pk)


def series_get(record: SeriesRecord | None) -> Series | None:
    """The site's series with ``record``'s slug, added if missing."""
    if record is None:
        return None
    series, _created = Series.objects.get_or_create(
        slug=record.slug,
        defaults={"name": record.name, "description": record.description},
    )
    return series
