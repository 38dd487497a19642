"""A post's imported comments as Porch threads: parents first, statuses kept.

Comments are written a level at a time (all top-level comments, then their replies...;
``comment_plan`` says which goes where) in batches, so a discussion of any size costs
a few queries per thousand comments and bounded memory, and a reply that the export
lists before its parent still lands under it. Thread paths, the depth cap and how an
IP is stored follow the rules ``comment_submit`` applies (``porch.comments.services``).
Imported comments skip moderation and reply notifications: the old site already
judged them, and their readers were told long ago.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.models import (
    NAME_MAX_LENGTH,
    PATH_SEPARATOR,
    URL_MAX_LENGTH,
    Comment,
    thread_path,
)
from porch.comments.services import ip_for_storage, thread_parent_path
from porch.core.page_cache import page_cache_invalidate
from porch.core.sanitize import render_comment_markdown
from porch.importers.errors import ImportFileError
from porch.importers.imported import imported_find
from porch.importers.markup import comment_markdown
from porch.importers.models import ImportedObject
from porch.importers.records import CommentRecord, record_digest
from porch.importers.writer.comment_plan import MAX_DEPTH, ThreadPlan, thread_plan
from porch.importers.writer.context import WriteContext

BATCH_SIZE = 1000  # comments built, inserted and looked up at a time
CHANGEABLE = ["status", "kind", "author_name", "author_email", "author_url", "body",
              "body_html", "ip", "user_id", "legacy_anchor"]  # fmt: skip
_is_url = URLValidator(schemes=["http", "https"])


def comments_write(
    *, comments: Iterable[CommentRecord], post: Post, ctx: WriteContext
) -> None:
    """Write ``comments`` onto ``post``; the caller holds the transaction.

    New comments are added under their parents; ones an earlier run wrote are
    updated when the source changed them, never moved to another thread.
    ``comments`` is read once to plan the threads, then once per thread level, a
    batch at a time: it must be readable more than once (a tuple, a spill view), and
    a discussion of any length is written in bounded memory.
    """
    if iter(comments) is comments:  # a generator: every pass after the first is empty
        raise TypeError("comments_write reads comments more than once; pass a tuple")
    plan = thread_plan(comments, ctx.report)
    for level in range(plan.levels):
        batch: list[CommentRecord] = []
        for position, comment in enumerate(comments):
            if plan.is_written_at(comment, level, position):
                batch.append(comment)
            if len(batch) == BATCH_SIZE:
                _batch_write(batch, level, post, plan, ctx)
                batch = []
        _batch_write(batch, level, post, plan, ctx)
    if plan.places:
        # Bulk writes send no save signals: tell the page cache here, or cached
        # pages would show the thread without its imported comments until they
        # expire.
        page_cache_invalidate("comments imported")


def _batch_write(
    batch: list[CommentRecord],
    level: int,
    post: Post,
    plan: ThreadPlan,
    ctx: WriteContext,
) -> None:
    """Write one batch of comments of the same level: update earlier ones, add new."""
    if not batch:
        return
    records = imported_find(
        source=ctx.source, kind="comment", import_ids=[c.id for c in batch]
    )
    existing = dict(
        Comment.objects.filter(
            pk__in=[r.object_id for r in records.values()]
        ).values_list("pk", "path")
    )
    new, earlier = [], []
    for comment in batch:
        record = records.get(comment.id)
        if record is None:
            new.append(comment)
        elif record.object_id in existing:
            earlier.append((comment, record))
        else:
            ctx.report.skip(
                "comment", comment.id, "deleted in Porch after an earlier import"
            )
    _comments_update(earlier, ctx)
    _new_insert(new, level, post, plan, ctx)


def _new_insert(
    comments: list[CommentRecord],
    level: int,
    post: Post,
    plan: ThreadPlan,
    ctx: WriteContext,
) -> None:
    built = [(c, obj) for c in comments if (obj := _comment_build(c, post, ctx))]
    # Parents were written at the level before (by this run or an earlier one):
    # their paths are read back, rather than kept for a whole discussion.
    paths = _paths_of({plan.placed_under(c, level) for c, _obj in built} - {""}, ctx)
    for comment, obj in built:
        obj.parent = _parent(plan.placed_under(comment, level), paths, comment, ctx)
    Comment.objects.bulk_create([obj for _c, obj in built])
    for comment, obj in built:
        obj.path = thread_path(parent=obj.parent, pk=obj.pk)
        obj.created_at = comment.created_at or post.publish_at or timezone.now()
    _paths_and_dates_save([obj for _c, obj in built])
    ImportedObject.objects.bulk_create(
        ImportedObject(
            source=ctx.source,
            kind="comment",
            import_id=comment.id,
            content_type=ctx.comment_type,
            object_id=obj.pk,
            fingerprint=record_digest(comment),
        )
        for comment, obj in built
    )
    ctx.report.count("comment", "imported", len(built))


def _paths_and_dates_save(comments: list[Comment]) -> None:
    # One prepared UPDATE for the layer: bulk_update's CASE expressions cost more in
    # Python than the database work, and auto_now_add overwrote the dates on insert.
    meta = Comment._meta
    path_field, date_field = meta.get_field("path"), meta.get_field("created_at")
    # Only quoted names from the model's own metadata go in; values are parameters.
    sql = (
        f"UPDATE {connection.ops.quote_name(meta.db_table)} SET "  # noqa: S608
        f"{connection.ops.quote_name(path_field.column)} = %s, "
        f"{connection.ops.quote_name(date_field.column)} = %s WHERE "
        f"{connection.ops.quote_name(meta.pk.column)} = %s"
    )
    rows = [
        (obj.path, date_field.get_db_prep_value(obj.created_at, connection), obj.pk)
        for obj in comments
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _paths_of(source_ids: set[str], ctx: WriteContext) -> dict[str, str]:
    """The thread paths of comments this source's imports wrote, by source id."""
    if not source_ids:
        return {}
    records = imported_find(source=ctx.source, kind="comment", import_ids=source_ids)
    pks = {record.object_id: source_id for source_id, record in records.items()}
    found = Comment.objects.filter(pk__in=list(pks)).values_list("pk", "path")
    return {pks[pk]: path for pk, path in found}


def _parent(
    parent_id: str, paths: dict[str, str], comment: CommentRecord, ctx: WriteContext
) -> Comment | None:
    """The parent as a path-only stand-in; past the deepest level, an ancestor."""
    if not parent_id:
        return None
    path = paths.get(parent_id)
    if path is None:
        ctx.report.problem(
            f"comment {comment.id}: replied to comment {parent_id}, which was not "
            "imported; shown as a new thread"
        )
        return None
    placed = thread_parent_path(parent_path=path, max_depth=MAX_DEPTH)
    if placed is None:  # a path holds many levels: never reached
        return None
    return Comment(pk=int(placed.rsplit(PATH_SEPARATOR, 1)[-1]), path=placed)


def _comment_build(
    comment: CommentRecord, post: Post, ctx: WriteContext
) -> Comment | None:
    fields = _comment_fields(comment, ctx)
    if fields is None:
        return None
    obj = Comment(post=post, **fields)
    try:
        obj.full_clean(
            exclude=["path", "post", "parent", "user"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        ctx.report.skip(
            "comment", comment.id, f"not valid ({'; '.join(error.messages)})"
        )
        return None
    return obj


def _comment_fields(
    comment: CommentRecord, ctx: WriteContext
) -> dict[str, object] | None:
    notes: list[str] = []
    try:
        body = comment.markdown or comment_markdown(comment.html, on_note=notes.append)
    except RecursionError:  # the parsers refuse such text first; this is the backstop
        raise ImportFileError(
            f"comment {comment.id}: its text nests HTML tags too deep to convert; "
            "remove the comment from the export and import again"
        ) from None
    if not body:
        ctx.report.skip("comment", comment.id, "no text")
        return None
    email = comment.author_email.strip()
    if email and not _valid(validate_email, email):
        notes.append("the email address was not valid; left out")
        email = ""
    url = comment.author_url.strip()
    if url and (len(url) > URL_MAX_LENGTH or not _valid(_is_url, url)):
        notes.append("the website address was not valid; left out")
        url = ""
    if notes:
        ctx.report.problem(f"comment {comment.id}: {'; '.join(notes)}")
    return {
        "status": comment.status,
        "kind": comment.kind,
        "author_name": comment.author_name.strip()[:NAME_MAX_LENGTH] or "Anonymous",
        "author_email": email,
        "author_url": url,
        "body": body,
        "body_html": render_comment_markdown(body),
        "ip": ip_for_storage(comment.ip),
        "user_id": _comment_user_id(comment, email, ctx),
        "legacy_anchor": f"{ctx.anchor_prefix}{comment.id}"
        if comment.id.isdigit() and len(comment.id) < 30
        else "",
    }


def _comment_user_id(
    comment: CommentRecord, email: str, ctx: WriteContext
) -> int | None:
    """The site's account that wrote ``comment``: its badge follows this link.

    WordPress's ``comment_user_id`` 0 says the writer was not signed in: a typed
    address never earns a link. A signed-in writer whose author the import could not
    tie to an account (the host's own login, with no author profile yet) is linked
    by the account's address, which WordPress copies onto their comments.
    """
    if comment.author_person == "0":
        return None
    found = ctx.comment_user_id(comment.author_person, email)
    if found is None and comment.author_person and email:
        account = get_user_model().objects.filter(email__iexact=email).first()
        found = account.pk if account is not None else None
    return found


def _valid(validator: object, value: str) -> bool:
    try:
        validator(value)  # type: ignore[operator]
    except ValidationError:
        return False
    return True


def _comments_update(
    earlier: list[tuple[CommentRecord, ImportedObject]], ctx: WriteContext
) -> None:
    """Refresh comments a newer export changed (text, status); never re-thread."""
    changed = [
        (comment, record)
        for comment, record in earlier
        if record.fingerprint != record_digest(comment)
    ]
    ctx.report.count("comment", "unchanged", len(earlier) - len(changed))
    objects = Comment.objects.in_bulk([r.object_id for _c, r in changed])
    # bulk_update skips auto_now; the discussion cache reads updated_at to notice.
    now = timezone.now()
    updated = []
    for comment, record in changed:
        fields = _comment_fields(comment, ctx)
        if fields is None:
            continue
        obj = objects[record.object_id]
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.updated_at = now
        record.fingerprint = record_digest(comment)
        updated.append(obj)
    Comment.objects.bulk_update(updated, [*CHANGEABLE, "updated_at"])
    ImportedObject.objects.bulk_update([r for _c, r in changed], ["fingerprint"])
    ctx.report.count("comment", "updated", len(updated))


def comment_logins_link(
    *, comments: Iterable[CommentRecord], ctx: WriteContext
) -> None:
    """Link comments written while logged in to the same login on this site."""
    by_login: dict[str, list[str]] = defaultdict(list)
    for comment in comments:
        if comment.login:
            by_login[comment.login].append(comment.id)
    if not by_login:
        return
    logins = get_user_model().objects.filter(username__in=list(by_login))
    users = {user.get_username(): user.pk for user in logins}
    for login, ids in by_login.items():
        for start in range(0, len(ids), BATCH_SIZE):
            records = imported_find(
                source=ctx.source,
                kind="comment",
                import_ids=ids[start : start + BATCH_SIZE],
            )
            Comment.objects.filter(
                pk__in=[r.object_id for r in records.values()]
            ).update(user_id=users.get(login), updated_at=timezone.now())
