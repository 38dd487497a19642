"""``porch import wordpress``: a WordPress export (WXR) into Porch, safely repeatable.

Two streaming passes over the file: the first brings in people, terms and attachment
records (a post may name an attachment that comes later in the file), the second the
posts and pages, each with its comments and old addresses in one transaction. A crash
loses at most the post being written, and running again finishes the job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from porch.blog.models import Category, Tag
from porch.comments.models import Comment
from porch.importers.porch_fields import person_books_set, person_porch_fill
from porch.importers.records import (
    fingerprint,
    imported_find,
    imported_record,
    redirects_add,
    target_pk,
    unique_slug,
)
from porch.importers.report import ImportReport
from porch.importers.wxr_parse import (
    WxrAuthor,
    WxrItem,
    WxrSite,
    WxrTerm,
    open_wxr,
    wxr_records,
)
from porch.people.models import Person
from porch.people.services import person_render

Progress = Callable[[int, ImportReport], None]


@dataclass
class WordPressContext:
    """What one run knows so far: the source, the site's time zone, what maps where."""

    report: ImportReport
    tz: tzinfo
    source: str = ""
    site_path: str = ""
    people: dict[str, Person] = field(default_factory=dict)  # by login, lower case
    people_by_wp_id: dict[str, Person] = field(default_factory=dict)
    users_by_email: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)  # by WordPress slug
    tags: dict[str, int] = field(default_factory=dict)
    # How the old site's pages named a comment's anchor, before its id.
    anchor_prefix: str = "comment-"

    def site_read(self, site: WxrSite) -> None:
        url = (site.base_blog_url or site.link).rstrip("/")
        self.source = f"wordpress:{url}"[:255]
        self.site_path = unquote(urlsplit(url).path).rstrip("/")

    def aware(self, gmt: datetime | None, local: datetime | None) -> datetime | None:
        """WordPress's GMT time, or its local time read in the site's time zone."""
        if gmt is not None:
            return gmt.replace(tzinfo=UTC)
        return local.replace(tzinfo=self.tz) if local is not None else None

    def comment_user_id(self, wp_user_id: str, email: str) -> int | None:
        """The login of the site's own person who wrote a comment, if they have one."""
        person = self.people_by_wp_id.get(wp_user_id)
        if person is not None and person.user_id and wp_user_id not in {"", "0"}:
            return int(person.user_id)
        return self.users_by_email.get(email.lower()) if email else None

    @cached_property
    def comment_type(self) -> ContentType:
        return ContentType.objects.get_for_model(Comment)

    def person_remember(self, author: WxrAuthor, person: Person) -> None:
        self.people[(author.login or author.display_name).lower()] = person
        if author.id:
            self.people_by_wp_id[author.id] = person
        if person.user_id and person.email:
            self.users_by_email[person.email.lower()] = person.user_id


def wordpress_import(
    *,
    path: Path,
    dry_run: bool = False,
    time_zone: str | None = None,
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import a WXR file; return what was imported, updated, unchanged and skipped.

    Idempotent: a second run of the same file changes nothing; a newer export updates
    what changed. ``time_zone`` reads dates that have no GMT twin (drafts); it
    defaults to the site's. ``dry_run`` does the real work in a transaction rolled
    back at the end. Raises ``WxrError`` for a file that is unsafe or not WXR;
    ``report`` (when given) holds what was done before an error or Ctrl-C.
    """
    report = report or ImportReport(dry_run=dry_run)
    ctx = WordPressContext(report=report, tz=ZoneInfo(time_zone or settings.TIME_ZONE))
    with open_wxr(path) as stream:
        if not dry_run:
            _run(stream, ctx, progress)
            return report
        with transaction.atomic():
            _run(stream, ctx, progress)
            transaction.set_rollback(True)
    return report


def _run(stream: IO[bytes], ctx: WordPressContext, progress: Progress | None) -> None:
    from porch.importers.wordpress_posts import POST_TYPES, post_item_import

    categories: list[WxrTerm] = []
    for record in wxr_records(stream, item_types={"attachment"}):
        if isinstance(record, WxrSite):
            ctx.site_read(record)
        elif isinstance(record, WxrAuthor):
            author_import(record, ctx)
        elif isinstance(record, WxrTerm):
            if record.kind == "category":
                categories.append(record)  # parents may come after their children
            else:
                term_import(record, ctx)
        elif record.type == "attachment":
            attachment_import(record, ctx)
        if progress:
            progress(stream.tell() // 2, ctx.report)
    for category in categories_parents_first(categories):
        term_import(category, ctx)
    stream.seek(0)
    size = max(stream.seek(0, 2), 1)
    stream.seek(0)
    for record in wxr_records(stream):
        if isinstance(record, WxrItem) and record.type in POST_TYPES:
            post_item_import(record, ctx)
        elif isinstance(record, WxrItem) and record.type != "attachment":
            ctx.report.skip(
                "item", record.id, f"WordPress {record.type} items are not content"
            )
        if progress:
            progress(size // 2 + stream.tell() // 2, ctx.report)


def author_import(author: WxrAuthor, ctx: WordPressContext) -> Person | None:
    """Link an export's author to an existing person (login, email) or add a guest."""
    key = author.login or author.email or author.display_name
    if not key:
        ctx.report.skip("person", author.id or "?", "an author with no login or name")
        return None
    digest = fingerprint(author)
    record = imported_find(source=ctx.source, kind="person", import_ids=[key]).get(key)
    pk = target_pk(record, Person)
    with transaction.atomic():
        if record is not None and pk is not None:
            person = Person.objects.get(pk=pk)
            if record.fingerprint == digest:
                ctx.report.count("person", "unchanged")
            else:
                if record.meta.get("created"):
                    _person_fill(person, author, ctx)
                    person.save()
                    _person_books(person, author)
                imported_record(
                    source=ctx.source, kind="person", import_id=key, target=person,
                    digest=digest, metadata=record.meta, record=record,
                )  # fmt: skip
                ctx.report.count("person", "updated")
        else:
            person, created = _person_match(author, ctx)
            if created:
                _person_books(person, author)
            imported_record(
                source=ctx.source, kind="person", import_id=key, target=person,
                digest=digest, metadata={"created": created, "wp_id": author.id},
            )  # fmt: skip
            ctx.report.count("person", "imported")
    ctx.person_remember(author, person)
    return person


def _person_match(author: WxrAuthor, ctx: WordPressContext) -> tuple[Person, bool]:
    people = Person.objects.select_related("user")
    found = None
    login = dict(author.porch).get("login") or author.login
    if login:
        found = people.filter(user__username__iexact=login).first()
    if found is None and author.email:
        found = people.filter(
            Q(email__iexact=author.email) | Q(user__email__iexact=author.email)
        ).first()
    if found is not None:
        return found, False
    person = Person()
    _person_fill(person, author, ctx)
    person.slug = unique_slug(
        Person,
        author.login or person.display_name,
        fallback=f"author-{author.id or 'wordpress'}",
        max_length=140,
    )
    if "login" in dict(author.porch):  # a Porch export names the person's login
        users = get_user_model().objects.filter(person__isnull=True)
        person.user = users.filter(username__iexact=dict(author.porch)["login"]).first()
    person.save()
    return person, True


def _person_books(person: Person, author: WxrAuthor) -> None:
    if author.porch or author.books:
        person_books_set(person, author)


def _person_fill(person: Person, author: WxrAuthor, ctx: WordPressContext) -> None:
    full_name = f"{author.first_name} {author.last_name}".strip()
    person.display_name = (author.display_name or full_name or author.login)[:120]
    try:
        validate_email(author.email)
        person.email = author.email
    except ValidationError:
        person.email = ""
        if author.email:
            ctx.report.problem(f"author {author.login}: email was not valid; left out")
    if author.porch:
        person_porch_fill(person, author, ctx.report)
    person_render(person=person)


def categories_parents_first(categories: list[WxrTerm]) -> list[WxrTerm]:
    """Categories ordered so each parent comes before its children."""
    by_slug = {category.slug: category for category in categories}
    ordered: dict[str, WxrTerm] = {}

    def visit(category: WxrTerm, seen: frozenset[str]) -> None:
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


def term_import(term: WxrTerm, ctx: WordPressContext) -> int:
    """A category or tag, matched by slug to an existing one or added; its pk."""
    model = Category if term.kind == "category" else Tag
    known = ctx.categories if term.kind == "category" else ctx.tags
    key = term.slug or term.name
    digest = fingerprint(term)
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


def term_pk(ctx: WordPressContext, kind: str, slug: str, name: str) -> int:
    """The pk of a term a post names, adding it if the export never declared it."""
    known = ctx.categories if kind == "category" else ctx.tags
    if slug in known:
        return known[slug]
    return term_import(WxrTerm(kind=kind, id="", slug=slug, name=name), ctx)


def attachment_import(item: WxrItem, ctx: WordPressContext) -> None:
    """Remember an attachment's address (files stay where they are, linked)."""
    digest = fingerprint(item)
    records = imported_find(source=ctx.source, kind="attachment", import_ids=[item.id])
    record = records.get(item.id)
    if record is not None and record.fingerprint == digest:
        ctx.report.count("attachment", "unchanged")
        return
    url = item.attachment_url or item.guid
    with transaction.atomic():
        imported_record(
            source=ctx.source, kind="attachment", import_id=item.id, target=None,
            digest=digest, record=record,
            metadata={"url": url, "title": item.title, "parent": item.parent},
        )  # fmt: skip
        if url.startswith(("http://", "https://")):
            paths = [f"{ctx.site_path}/?attachment_id={item.id}"]
            redirects_add(source=ctx.source, paths=paths, new_url=url)
    ctx.report.count("attachment", "imported" if record is None else "updated")
