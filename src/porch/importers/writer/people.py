"""People an import names: linked to who is already here, or added as guests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q

from porch.importers.imported import (
    imported_find,
    imported_record,
    target_pk,
    unique_slug,
)
from porch.importers.media import stored_file
from porch.importers.records import PersonRecord, record_digest
from porch.importers.report import ImportReport
from porch.importers.writer.context import WriteContext
from porch.people.models import Book, Person
from porch.people.services import person_render

_IS_URL = URLValidator(schemes=["http", "https"])


def person_write(author: PersonRecord, ctx: WriteContext) -> Person | None:
    """Link an export's author to an existing person (login, email) or add a guest.

    A person the import added is refreshed when a newer export changed them; one
    who was already on the site is linked and never changed.
    """
    key = author.login or author.email or author.display_name
    if not key:
        ctx.report.skip("person", author.id or "?", "an author with no login or name")
        return None
    digest = record_digest(author)
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


def person_restore(
    *, author: PersonRecord, slug: str, digest: str, ctx: WriteContext
) -> Person:
    """A person of a Porch export: as imported before, the site's with ``slug``, or new.

    A person already on the site is kept as they are; a new one is linked to the
    login the export names when that login has no person yet.
    """
    found = imported_find(source=ctx.source, kind="person", import_ids=[author.id])
    record = found.get(author.id)
    pk = target_pk(record, Person)
    if pk is not None and record is not None:
        ctx.report.count("person", "unchanged")
        return Person.objects.get(pk=pk)
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        person = _person_restore_add(author, slug, ctx.report)
    else:
        ctx.report.problem(f"person {slug}: already here; kept as it was")
    imported_record(
        source=ctx.source, kind="person", import_id=author.id, target=person,
        digest=digest, record=record,
    )  # fmt: skip
    ctx.report.count("person", "imported")
    return person


def _person_restore_add(
    author: PersonRecord, slug: str, report: ImportReport
) -> Person:
    extra = dict(author.extra)
    person = Person(
        slug=slug, display_name=author.display_name, email=author.email,
        bio=extra["bio"], site_name=extra["site_name"], site_url=extra["site_url"],
    )  # fmt: skip
    person.photo = stored_file(extra.get("photo", ""), slug, report) or ""
    login = extra.get("login", "")
    user = get_user_model().objects.filter(username=login).first() if login else None
    if user is not None and not Person.objects.filter(user_id=user.pk).exists():
        person.user_id = user.pk
    person_render(person=person)
    person.full_clean()
    person.save()
    Book.objects.bulk_create(
        Book(person=person, title=title, url=url, position=position)
        for title, url, position in author.books
    )
    return person


def _person_match(author: PersonRecord, ctx: WriteContext) -> tuple[Person, bool]:
    people = Person.objects.select_related("user")
    found = None
    login = dict(author.extra).get("login") or author.login
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
    if "login" in dict(author.extra):  # a Porch export names the person's login
        users = get_user_model().objects.filter(person__isnull=True)
        person.user = users.filter(username__iexact=dict(author.extra)["login"]).first()
    person.save()
    return person, True


def _person_books(person: Person, author: PersonRecord) -> None:
    if author.extra or author.books:
        _person_books_set(person, author)


def _person_fill(person: Person, author: PersonRecord, ctx: WriteContext) -> None:
    full_name = f"{author.first_name} {author.last_name}".strip()
    person.display_name = (author.display_name or full_name or author.login)[:120]
    try:
        validate_email(author.email)
        person.email = author.email
    except ValidationError:
        person.email = ""
        if author.email:
            ctx.report.problem(f"author {author.login}: email was not valid; left out")
    if author.extra:
        _person_extra_fill(person, author, ctx.report)
    person_render(person=person)


def _person_extra_fill(
    person: Person, author: PersonRecord, report: ImportReport
) -> None:
    """Bio, own site and photo of a person a Porch export describes; caller saves."""
    values = dict(author.extra)
    person.bio = values.get("bio", "")
    person.site_name = values.get("site_name", "")[:120]
    person.site_url = _url(values.get("site_url", ""))
    person.photo = stored_file(values.get("photo", ""), author.login, report) or ""


def _url(value: str) -> str:
    try:
        _IS_URL(value)
    except ValidationError:
        return ""
    return value if len(value) <= 200 else ""


def _person_books_set(person: Person, author: PersonRecord) -> None:
    """Replace the person's books with the export's list."""
    person.books.all().delete()
    Book.objects.bulk_create(
        Book(person=person, title=title[:200], url=_url(url), position=position)
        for title, url, position in author.books
        if title
    )
