"""``porch import disqus``: a Disqus export (XML) into Porch's discussions.

Disqus lists every thread first, then every post (comment) in date order, not grouped
by thread. To write one thread per transaction without holding a big export in memory,
the file is streamed once into a temporary SQLite file, then read back a thread at a
time. Threads whose page matches no Porch post are named in the report with their
comment counts; importing the same file again after adding the post brings them in,
and adds nothing twice.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from porch.comments.models import Comment
from porch.importers.errors import ImportFileError
from porch.importers.records import DELETED_TEXT, CommentRecord, as_utc
from porch.importers.report import ImportReport
from porch.importers.writer.threads import (
    PostFinder,
    Progress,
    comments_context,
    maybe_rolled_back,
    thread_comments_write,
    unmatched_report,
)
from porch.importers.xml_safety import PROLOG_BYTES, check_prolog, xml_elements

NS = "http://disqus.com"
INTERNALS = "{http://disqus.com/disqus-internals}id"
_SCHEMA = """
CREATE TABLE thread (id TEXT PRIMARY KEY, ident TEXT, link TEXT, title TEXT);
CREATE TABLE post (seq INTEGER PRIMARY KEY, id TEXT, thread TEXT, parent TEXT,
    author TEXT, email TEXT, ip TEXT, created TEXT, message TEXT, status TEXT);
CREATE INDEX post_thread ON post (thread, seq);
"""


def disqus_import(
    *,
    path: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import a Disqus export's comments onto the posts their threads match.

    Idempotent (a second run adds nothing; a newer export updates text and status).
    Raises ``ImportFileError`` for a file that is unsafe or not a Disqus export;
    ``report`` (when given) holds what was done before an error.
    """
    report = report or ImportReport(dry_run=dry_run)
    with tempfile.TemporaryDirectory(prefix="porch-disqus-") as folder:
        staged = sqlite3.connect(Path(folder) / "staged.db")
        with closing(staged):
            staged.executescript(_SCHEMA)
            forum = _stage(path, staged)
            with maybe_rolled_back(dry_run):
                _threads_write(staged, forum, report, progress)
    return report


def _threads_write(
    staged: sqlite3.Connection,
    forum: str,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    ctx = comments_context(source=f"disqus:{forum}", report=report)
    finder = PostFinder()
    groups = staged.execute(
        "SELECT post.thread, COUNT(*), thread.id, thread.link, thread.ident, "
        "thread.title FROM post LEFT JOIN thread ON thread.id = post.thread "
        "GROUP BY post.thread ORDER BY MIN(post.seq)"
    ).fetchall()
    for done, (thread_id, count, known, link, ident, title) in enumerate(groups, 1):
        post = finder.find(link=link or "", identifier=ident or "") if known else None
        if post is None:
            where = link or f"Disqus thread {thread_id}"
            unmatched_report(report, thread=where, title=title or "", count=count)
        else:
            thread_comments_write(
                post=post, comments=list(_thread_posts(staged, thread_id)), ctx=ctx
            )
        if progress:
            progress(done * 100 // len(groups), report)


def _thread_posts(staged: sqlite3.Connection, thread: str) -> Iterator[CommentRecord]:
    rows = staged.execute(
        "SELECT id, parent, author, email, ip, created, message, status FROM post "
        "WHERE thread = ? ORDER BY seq",
        [thread],
    )
    for id_, parent, author, email, ip, created, message, status in rows:
        yield CommentRecord(
            id=id_, parent=parent, author_name=author, author_email=email,
            author_url="", ip=ip,
            created_at=datetime.fromisoformat(created) if created else None,
            html=message or DELETED_TEXT, status=status,
        )  # fmt: skip


def _stage(path: Path, staged: sqlite3.Connection) -> str:
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
    created = _date(_child_text(element, "createdAt"))
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


def _date(value: str) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(value)) if value else None
    except ValueError:
        return None


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
