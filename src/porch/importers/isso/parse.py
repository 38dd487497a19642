"""Read an Isso comment database (SQLite) into thread and comment records; no writes.

The file is opened read-only (a running Isso may still use it) and checked before
anything is written: that it is an Isso database, that SQLite finds it whole (a copy
cut short, or made while Isso wrote, is damaged), and that every comment can be
imported as it is. Isso flattens replies to one level
(``Comments.add`` in ``isso/db/comments.py``), so parents are kept exactly as Isso
stored them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from markdown_it import MarkdownIt

from porch.comments.models import Comment
from porch.importers.errors import ImportFileError
from porch.importers.markup import HTML_DEPTH_LIMIT, html_depth_exceeds
from porch.importers.records import (
    DELETED_TEXT,
    CommentRecord,
    ThreadRecord,
    naive_utc,
    with_wxr_comment_digest,
)

# Isso's ``mode`` column, in Porch's words.
MODE_ACCEPTED, MODE_MODERATION, MODE_DELETED = 1, 2, 4
STATUSES = {
    MODE_ACCEPTED: Comment.Status.APPROVED,
    MODE_MODERATION: Comment.Status.PENDING,
    MODE_DELETED: Comment.Status.REMOVED,
}
REQUIRED = {
    "threads": {"id", "uri", "title"},
    "comments": {"tid", "id", "parent", "created", "mode", "remote_addr", "text",
                 "author", "email", "website"},
}  # fmt: skip
# Isso renders Markdown and lets some HTML through; Porch's writer sanitizes after.
_markdown = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough"])


def isso_threads(isso: sqlite3.Connection) -> list[tuple[ThreadRecord, int]]:
    """Every thread that has comments, with their count, by Isso's thread id."""
    threads = isso.execute(
        "SELECT threads.id, uri, title, COUNT(comments.id) FROM threads "
        "JOIN comments ON comments.tid = threads.id GROUP BY threads.id "
        "ORDER BY threads.id"
    ).fetchall()
    return [
        (ThreadRecord(id=str(tid), link=uri or "", title=title or ""), count)
        for tid, uri, title, count in threads
    ]


def isso_connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ImportFileError(f"cannot open {path}: {error}") from None


def isso_check(isso: sqlite3.Connection) -> None:
    """Refuse anything but an Isso database, saying what is missing."""
    try:
        for table, columns in REQUIRED.items():
            found = {row[1] for row in isso.execute(f"PRAGMA table_info({table})")}
            missing = columns - found
            if missing:
                raise ImportFileError(
                    "this is not an Isso database: its "
                    + (f"table {table!r} lacks {', '.join(sorted(missing))}"
                       if found else f"table {table!r} is missing")
                    + " (Isso keeps comments in the file its [general] dbpath names)"
                )  # fmt: skip
    except sqlite3.DatabaseError as error:
        if "malformed" in str(error):  # an SQLite file, but cut short or torn
            raise _damaged(str(error)) from None
        raise ImportFileError(
            f"this is not an Isso database (SQLite says: {error}); Isso keeps "
            "comments in the file its [general] dbpath names"
        ) from None


def isso_damage_check(isso: sqlite3.Connection) -> None:
    """Refuse a database SQLite finds damaged, before a thread is written."""
    try:
        found = isso.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        found = (str(error),)
    if found is None or found[0] != "ok":
        raise _damaged(str(found[0] if found else "no answer"))


def _damaged(reason: str) -> ImportFileError:
    return ImportFileError(
        f"the Isso database is damaged (SQLite says: {reason[:200]}); it was cut "
        "short, or copied while Isso was writing to it. Stop Isso (or use sqlite3's "
        ".backup command) and copy the file again"
    )


def isso_comments_check(isso: sqlite3.Connection) -> None:
    """Read every comment once; refuse the file at the first one that is garbled.

    Nothing is written before this passes, so a refused file changes nothing.
    """
    rows = isso.execute("SELECT id, tid, created, text FROM comments ORDER BY id")
    for id_, tid, created, text in rows:
        where = f"comment {id_} (thread {tid})"
        if _when(created) is None:
            raise ImportFileError(
                f"{where}: its time {str(created)[:40]!r} is not a time as Isso "
                "stores them (seconds since 1970); the database was edited or damaged"
            )
        if text is not None and not isinstance(text, str):
            raise ImportFileError(f"{where}: its text is not text")
        if text and html_depth_exceeds(text):
            raise ImportFileError(
                f"{where}: its text nests HTML tags more than {HTML_DEPTH_LIMIT} "
                "deep, which no one writes by hand; delete the comment in Isso and "
                "copy the database again"
            )


def isso_source(isso: sqlite3.Connection) -> str:
    """Isso's own random install key, so two Isso sites never share comment ids."""
    try:
        row = isso.execute(
            "SELECT value FROM preferences WHERE key = 'session-key'"
        ).fetchone()
    except sqlite3.DatabaseError:
        row = None
    return f"isso:{str(row[0])[:24]}" if row and row[0] else "isso"


def isso_comments(isso: sqlite3.Connection, tid: int) -> Iterator[CommentRecord]:
    rows = isso.execute(
        "SELECT id, parent, created, mode, remote_addr, text, author, email, website "
        "FROM comments WHERE tid = ? ORDER BY id",
        [tid],
    )
    for id_, parent, created, mode, ip, text, author, email, website in rows:
        record = CommentRecord(
            id=str(id_),
            parent=str(parent) if parent else "",
            author_name=author or "",
            author_email=email or "",
            author_url=website or "",
            ip=ip or "",
            created_at=_when(created),
            html=(_markdown.render(text) if text else "") or DELETED_TEXT,
            # An unknown mode waits for a moderator.
            status=STATUSES.get(mode, Comment.Status.PENDING),
        )
        yield with_wxr_comment_digest(record, date=naive_utc(record.created_at))


def _when(created: object) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(created), tz=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def isso_left_behind(isso: sqlite3.Connection) -> list[str]:
    """What Porch does not carry over (votes, reply-email requests), as report lines."""
    columns = {row[1] for row in isso.execute("PRAGMA table_info(comments)")}
    problems = []
    if "likes" in columns:
        votes = isso.execute(
            "SELECT COUNT(*) FROM comments WHERE likes > 0 OR dislikes > 0"
        ).fetchone()[0]
        if votes:
            problems.append(
                f"{votes} comments had likes or dislikes; Porch has no votes"
            )
    if "notification" in columns:
        asked = isso.execute(
            "SELECT COUNT(*) FROM comments WHERE notification = 1"
        ).fetchone()[0]
        if asked:
            problems.append(
                f"{asked} comments asked Isso for reply emails; those requests were "
                "not carried over (Porch asks each reader to confirm by email)"
            )
    return problems
