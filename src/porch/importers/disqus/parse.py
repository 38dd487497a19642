"""Read a Disqus export (XML) into comment and thread records; no database.

Disqus lists every thread first, then every post (comment) in date order, not grouped
by thread. To hand the writer one thread at a time without holding a big export in
memory, the file is streamed once into a temporary SQLite file (``disqus_stage``), then
read back a thread at a time (``staged_threads``, ``staged_comments``). The whole
file is read, and every post checked, before the writer sees any of it: a file cut
short, in another encoding than it says, or with a garbled post changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from porch.comments.models import Comment
from porch.importers.encoding import encoding_check
from porch.importers.errors import ImportFileError
from porch.importers.markup import HTML_DEPTH_LIMIT, html_depth_exceeds
from porch.importers.records import (
    DELETED_TEXT,
    CommentRecord,
    ThreadRecord,
    as_utc,
    naive_utc,
    with_wxr_comment_digest,
)
from porch.importers.xml_safety import PROLOG_BYTES, check_prolog, xml_elements

NS = "http://disqus.com"
DAMAGED = "the export was edited or damaged: export it again from Disqus"
INTERNALS = "{http://disqus.com/disqus-internals}id"
SCHEMA = """
CREATE TABLE thread (id TEXT PRIMARY KEY, ident TEXT, link TEXT, title TEXT);
CREATE TABLE post (seq INTEGER PRIMARY KEY, id TEXT, thread TEXT, parent TEXT,
    author TEXT, email TEXT, ip TEXT, created TEXT, message TEXT, status TEXT);
CREATE INDEX post_thread ON post (thread, seq);
"""


def staged_threads(staged: sqlite3.Connection) -> list[tuple[ThreadRecord, int]]:
    """Every thread that has comments, with their count, in the export's order.

    A thread the export never described (only its comments name it) comes with its
    id alone, so no post can match it.
    """
    groups = staged.execute(
        "SELECT post.thread, COUNT(*), thread.id, thread.link, thread.ident, "
        "thread.title FROM post LEFT JOIN thread ON thread.id = post.thread "
        "GROUP BY post.thread ORDER BY MIN(post.seq)"
    ).fetchall()
    return [
        (
            ThreadRecord(id=thread_id, link=link or "", identifier=ident or "",
                         title=title or "")
            if known
            else ThreadRecord(id=thread_id, link=""),
            count,
        )
        for thread_id, count, known, link, ident, title in groups
    ]  # fmt: skip


def staged_comments(staged: sqlite3.Connection, thread: str) -> Iterator[CommentRecord]:
    rows = staged.execute(
        "SELECT id, parent, author, email, ip, created, message, status FROM post "
        "WHERE thread = ? ORDER BY seq",
        [thread],
    )
    for id_, parent, author, email, ip, created, message, status in rows:
        when = datetime.fromisoformat(created) if created else None
        record = CommentRecord(
            id=id_, parent=parent, author_name=author, author_email=email,
            author_url="", ip=ip, created_at=when, html=message or DELETED_TEXT,
            status=status,
        )  # fmt: skip
        yield with_wxr_comment_digest(record, date=naive_utc(when))


def disqus_stage(path: Path, staged: sqlite3.Connection) -> str:
    """Copy the export's threads and posts into ``staged``; return the forum name."""
    forum = ""
    with _open(path) as stream:
        for element in xml_elements(
            stream, level=2, check_root=_check_root, error=ImportFileError
        ):
            name = etree.QName(element).localname
            if name == "thread":
                forum = forum or _child_text(element, "forum")
                staged.execute(
                    "INSERT OR REPLACE INTO thread VALUES (?, ?, ?, ?)",
                    [element.get(INTERNALS, ""), _child_text(element, "id"),
                     _child_text(element, "link"), _child_text(element, "title")],
                )  # fmt: skip
            elif name == "post":
                staged.execute(
                    "INSERT INTO post (id, thread, parent, author, email, ip, created, "
                    "message, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _post_row(element),
                )
            elif name == "category":
                forum = forum or _child_text(element, "forum")
    staged.commit()
    return forum or "unknown-forum"


def _post_row(element: Any) -> list[str]:
    author = element.find(f"{{{NS}}}author")
    thread = element.find(f"{{{NS}}}thread")
    parent = element.find(f"{{{NS}}}parent")
    where = f"Disqus post {element.get(INTERNALS, '')} (line {element.sourceline})"
    if not element.get(INTERNALS):
        raise ImportFileError(f"{where} has no dsq:id; {DAMAGED}")
    if thread is None or not thread.get(INTERNALS):
        raise ImportFileError(f"{where} names no thread; {DAMAGED}")
    created = _date(_child_text(element, "createdAt"), where)
    if html_depth_exceeds(_child_text(element, "message")):
        raise ImportFileError(
            f"{where}: its message nests HTML tags more than {HTML_DEPTH_LIMIT} deep, "
            "which no one writes by hand; delete it in Disqus and export again"
        )
    if _child_text(element, "isSpam") == "true":
        status = Comment.Status.SPAM
    elif _child_text(element, "isDeleted") == "true":
        status = Comment.Status.REMOVED
    else:
        status = Comment.Status.APPROVED
    return [
        element.get(INTERNALS, ""),
        thread.get(INTERNALS, "") if thread is not None else "",
        parent.get(INTERNALS, "") if parent is not None else "",
        _child_text(author, "name") if author is not None else "",
        _child_text(author, "email") if author is not None else "",
        _child_text(element, "ipAddress"),
        created.isoformat() if created else "",
        _child_text(element, "message"),
        str(status),
    ]


def _date(value: str, where: str) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(value)) if value else None
    except ValueError:
        raise ImportFileError(
            f"{where}: createdAt {value[:40]!r} is not a date; {DAMAGED}"
        ) from None


def _child_text(element: Any, name: str) -> str:
    child = element.find(f"{{{NS}}}{name}")
    return (child.text or "").strip() if child is not None else ""


def _open(path: Path) -> Any:
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    stream = path.open("rb")
    try:
        check_prolog(
            stream.read(PROLOG_BYTES), export="Disqus export", root="disqus",
            error=ImportFileError,
        )  # fmt: skip
        stream.seek(0)
        encoding_check(stream, error=ImportFileError)
    except ImportFileError:
        stream.close()
        raise
    stream.seek(0)
    return stream


def _check_root(element: Any) -> None:
    if element.tag != f"{{{NS}}}disqus":
        raise ImportFileError(
            "not a Disqus export: the file starts with "
            f"<{etree.QName(element).localname}>, a Disqus export with <disqus>"
        )
