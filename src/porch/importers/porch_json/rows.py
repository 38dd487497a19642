"""Rows of a Porch JSON export turned back into people, terms, posts and comments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from porch.blog.models import Category, Post, Series, Tag
from porch.blog.services import post_render
from porch.comments.models import Comment
from porch.importers.imported import (
    fingerprint,
    imported_find,
    imported_record,
    target_pk,
    unique_slug,
)
from porch.importers.media import featured_image, stored_file
from porch.importers.records import CommentRecord, as_utc
from porch.importers.report import ImportReport
from porch.importers.writer.context import WriteContext
from porch.people.models import Book, Person
from porch.people.services import person_render

PERSON_FIELDS = ("display_name", "email", "bio", "site_name", "site_url")
POST_FIELDS = ("title", "status", "intro", "body", "excerpt", "questions",
               "featured_image_alt", "comments_open", "comment_policy")  # fmt: skip


@dataclass(frozen=True)
class Maps:
    """The file's ids of people, series and terms → this site's rows."""

    people: dict[int, Person]
    series: dict[int, Series]
    categories: dict[int, int]
    tags: dict[int, Tag]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def users_by_login(logins: object) -> dict[str, int]:
    """This site's user ids for the usernames given (those that exist)."""
    users = get_user_model().objects.filter(username__in=list(logins))  # type: ignore[call-overload]
    return {user.get_username(): user.pk for user in users}


def people_import(rows: list[dict[str, Any]], ctx: WriteContext) -> dict[int, Person]:
    """Every person, matched by an earlier import or their slug, else added."""
    records = imported_find(
        source=ctx.source, kind="person", import_ids=[str(r["id"]) for r in rows]
    )
    logins = users_by_login(r["login"] for r in rows if r.get("login"))
    people = {}
    for row in rows:
        record = records.get(str(row["id"]))
        pk = target_pk(record, Person)
        if pk is not None and record is not None:
            people[row["id"]] = Person.objects.get(pk=pk)
            ctx.report.count("person", "unchanged")
            continue
        person = Person.objects.filter(slug=row["slug"]).first()
        if person is None:
            person = _person_add(row, logins, ctx.report)
        else:
            ctx.report.problem(f"person {row['slug']}: already here; kept as it was")
        imported_record(
            source=ctx.source, kind="person", import_id=str(row["id"]), target=person,
            digest=fingerprint(row), record=record,
        )  # fmt: skip
        ctx.report.count("person", "imported")
        people[row["id"]] = person
    return people


def _person_add(
    row: dict[str, Any], logins: dict[str, int], report: ImportReport
) -> Person:
    person = Person(slug=row["slug"], **{name: row[name] for name in PERSON_FIELDS})
    person.photo = stored_file(row.get("photo") or "", row["slug"], report) or ""
    user_id = logins.get(row.get("login") or "")
    if user_id and not Person.objects.filter(user_id=user_id).exists():
        person.user_id = user_id
    person_render(person=person)
    person.full_clean()
    person.save()
    Book.objects.bulk_create(
        Book(person=person, title=b["title"], url=b["url"], position=b["position"])
        for b in row.get("books", [])
    )
    return person


def series_get(row: dict[str, Any]) -> Series:
    series, _created = Series.objects.get_or_create(
        slug=row["slug"],
        defaults={"name": row["name"], "description": row["description"]},
    )
    return series


def tag_get(row: dict[str, Any]) -> Tag:
    tag, _created = Tag.objects.get_or_create(
        slug=row["slug"], defaults={"name": row["name"]}
    )
    return tag


def categories_import(
    rows: list[dict[str, Any]], report: ImportReport
) -> dict[int, int]:
    """Categories by slug, then their parents (which may come later in the file)."""
    pks = {}
    for row in rows:
        category, created = Category.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"]}
        )
        pks[row["id"]] = category.pk
        report.count("category", "imported" if created else "unchanged")
    for row in rows:
        parent = pks.get(row["parent"]) if row.get("parent") else None
        Category.objects.filter(pk=pks[row["id"]], parent__isnull=True).update(
            parent_id=parent
        )
    return pks


def post_write(row: dict[str, Any], maps: Maps, ctx: WriteContext) -> Post | None:
    """Create or update the post of ``row``; None when it cannot be imported."""
    import_id = str(row["id"])
    record = imported_find(source=ctx.source, kind="post", import_ids=[import_id]).get(
        import_id
    )
    digest = fingerprint(row)
    pk = target_pk(record, Post)
    if record is not None and pk is None:
        ctx.report.skip("post", import_id, "deleted in Porch after an earlier import")
        return None
    post = Post.objects.get(pk=pk) if pk else Post()
    if record is not None and record.fingerprint == digest:
        ctx.report.count("post", "unchanged")
        return post
    if row["author"] not in maps.people:
        ctx.report.skip("post", import_id, "its author is not in the file")
        return None
    _post_fill(post, row, maps, ctx.report)
    try:
        post.full_clean(exclude=["featured_image"])
    except ValidationError as error:
        ctx.report.skip("post", import_id, f"not valid ({'; '.join(error.messages)})")
        return None
    post.save()
    post.categories.set([maps.categories[i] for i in row["categories"]])
    post.tags.set([maps.tags[i] for i in row["tags"]])
    Post.objects.filter(pk=post.pk).update(created_at=_when(row["created_at"]))
    imported_record(
        source=ctx.source, kind="post", import_id=import_id, target=post,
        digest=digest, record=record,
    )  # fmt: skip
    ctx.report.count("post", "imported" if record is None else "updated")
    return post


def _post_fill(
    post: Post, row: dict[str, Any], maps: Maps, report: ImportReport
) -> None:
    for name in POST_FIELDS:
        setattr(post, name, row[name])
    post.slug = unique_slug(
        Post, row["slug"], fallback=f"post-{row['id']}", max_length=200,
        exclude_pk=post.pk,
    )  # fmt: skip
    post.author = maps.people[row["author"]]
    post.series = maps.series.get(row["series"]) if row["series"] else None
    post.publish_at = _when(row["publish_at"])
    post.featured_image = featured_image(
        row.get("featured_image") or "", f"post {row['id']}", report
    )
    post_render(post=post)


def as_record(row: dict[str, Any]) -> CommentRecord:
    """A comment row as the comment writer reads it."""
    when = _when(row["created_at"])
    return CommentRecord(
        id=str(row["id"]), parent=str(row["parent"] or ""),
        author_name=row["author_name"], author_email=row["author_email"],
        author_url=row["author_url"], ip=row["ip"],
        created_at=as_utc(when) if when else None, html=row["body_html"],
        markdown=row["body"], status=row["status"], kind=row["kind"],
        skip_reason=_comment_skip_reason(row["kind"], row["status"]),
    )  # fmt: skip


def _comment_skip_reason(kind: str, status: str) -> str:
    if kind == "note":
        return "an editor's note, not a comment"
    if kind not in Comment.Kind.values:
        return f"type {kind!r} unknown"
    if status not in Comment.Status.values:
        return f"status {status!r} unknown"
    return ""
