"""Posts and pages from any source: the post, its comments and old addresses at once.

One transaction per post, so a crash loses at most the post being written and running
again finishes the job. A post an earlier run wrote is found by the source's id and
left alone while the source's digest of it is unchanged.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from porch.blog.models import Post
from porch.blog.services import post_render
from porch.importers.imported import (
    imported_find,
    imported_record,
    redirects_add,
    target_pk,
    unique_slug,
)
from porch.importers.records import PorchPostFields, PostRecord
from porch.importers.writer.comments import comment_logins_link, comments_write
from porch.importers.writer.context import WriteContext
from porch.importers.writer.people import person_write
from porch.importers.writer.terms import series_get, term_pk
from porch.people.models import Person


def post_write(
    *, record: PostRecord, ctx: WriteContext, author: Person | None = None
) -> Post | None:
    """Write ``record`` with its comments and old addresses, all or nothing.

    ``author``, when given, is who wrote it (else ``record.author``, matched or
    added). Returns the post, or None when it is skipped.
    """
    with transaction.atomic():
        post = _post_save(record, ctx, author)
        if post is None:
            return None
        comments_write(comments=record.comments, post=post, ctx=ctx)
        comment_logins_link(comments=record.comments, ctx=ctx)
        added = redirects_add(
            source=ctx.source, paths=record.redirect_paths, target=post
        )
        if added:
            ctx.report.count("redirect", "imported", added)
    return post


def _post_save(
    record: PostRecord, ctx: WriteContext, author: Person | None
) -> Post | None:
    if record.skip_reason:
        ctx.report.skip(record.kind, record.id, record.skip_reason)
        return None
    found = imported_find(source=ctx.source, kind="post", import_ids=[record.id])
    earlier = found.get(record.id)
    post = None
    if earlier is not None:
        pk = target_pk(earlier, Post)
        if pk is None:
            reason = "deleted in Porch after an earlier import"
            ctx.report.skip(record.kind, record.id, reason)
            return None
        post = Post.objects.get(pk=pk)
        if earlier.fingerprint == record.digest:
            ctx.report.count(record.kind, "unchanged")
            return post
    author = author or _post_author(record, ctx)
    if author is None:
        ctx.report.skip(record.kind, record.id, "its author is not in the file")
        return None
    post = post or Post()
    if not _post_fill(post, record, author, ctx):
        return None
    post.save()
    _post_terms(post, record, ctx)
    if record.created_at is not None:
        Post.objects.filter(pk=post.pk).update(created_at=record.created_at)
    imported_record(
        source=ctx.source, kind="post", import_id=record.id, target=post,
        digest=record.digest, metadata=dict(record.metadata) or None, record=earlier,
    )  # fmt: skip
    ctx.report.count(record.kind, "imported" if earlier is None else "updated")
    return post


def _post_fill(
    post: Post, record: PostRecord, author: Person, ctx: WriteContext
) -> bool:
    """Set the post's fields from ``record``; False when Porch refuses them."""
    post.title = record.title
    post.slug = unique_slug(
        Post, record.slug, fallback=record.slug_fallback, max_length=200,
        exclude_pk=post.pk,
    )  # fmt: skip
    post.author = author
    post.status, post.publish_at = record.status, record.publish_at
    post.comments_open = record.comments_open
    post.body, post.excerpt = record.body, record.excerpt
    if record.porch is not None:
        _post_porch_fill(post, record.porch)
    for problem in record.problems:
        ctx.report.problem(problem)
    post_render(post=post)
    try:
        post.full_clean(exclude=["featured_image"])
    except ValidationError as error:
        if not record.is_skipped_if_invalid:
            raise
        reason = f"not valid ({'; '.join(error.messages)})"
        ctx.report.skip(record.kind, record.id, reason)
        return False
    return True


def _post_porch_fill(post: Post, fields: PorchPostFields) -> None:
    post.intro, post.questions = fields.intro, fields.questions
    post.comment_policy = fields.comment_policy
    post.featured_image_alt = fields.featured_image_alt
    post.series = series_get(fields.series)
    post.featured_image = fields.featured_image


def _post_terms(post: Post, record: PostRecord, ctx: WriteContext) -> None:
    post.categories.set([term_pk(term, ctx) for term in record.categories])
    post.tags.set([term_pk(term, ctx) for term in record.tags])


def _post_author(record: PostRecord, ctx: WriteContext) -> Person | None:
    if record.author is None:
        return None
    login = record.author.login
    return ctx.people.get(login.lower()) or person_write(record.author, ctx)
