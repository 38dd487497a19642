"""``porch import isso``: an Isso comment database (SQLite) into Porch's discussions.

``parse`` reads the database; threads are matched to posts by their URI and written
by the writer, one thread per transaction. Votes and Isso's reply-notification
opt-ins are not carried over (Porch asks readers to confirm by email); the report
says how many there were.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from functools import partial
from pathlib import Path

from porch.importers.errors import ImportFileError
from porch.importers.isso.parse import (
    isso_check,
    isso_comments,
    isso_comments_check,
    isso_connect,
    isso_damage_check,
    isso_left_behind,
    isso_source,
    isso_threads,
)
from porch.importers.report import ImportReport
from porch.importers.writer.threads import (
    PostFinder,
    Progress,
    comments_context,
    maybe_rolled_back,
    thread_write,
)


def isso_import(
    *,
    path: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import an Isso database's comments onto the posts whose URIs they were on.

    Idempotent: a second run adds nothing. Raises ``ImportFileError`` for a file
    that is missing, not an Isso database, damaged, or holds a garbled comment;
    nothing is written then.
    """
    report = report or ImportReport(dry_run=dry_run)
    try:
        with closing(isso_connect(path)) as isso:
            _import(isso, dry_run, progress, report)
    except sqlite3.DatabaseError as error:  # the checks read it all: a backstop
        raise ImportFileError(
            f"the Isso database could not be read (SQLite says: {error})"
        ) from None
    return report


def _import(
    isso: sqlite3.Connection,
    dry_run: bool,
    progress: Progress | None,
    report: ImportReport,
) -> None:
    isso_check(isso)
    isso_damage_check(isso)
    isso_comments_check(isso)
    ctx = comments_context(source=isso_source(isso), report=report)
    ctx.anchor_prefix = "isso-"  # Isso's comments are <div id="isso-12">
    finder = PostFinder()
    threads = isso_threads(isso)
    with maybe_rolled_back(dry_run):
        for done, (thread, count) in enumerate(threads, 1):
            thread_write(
                thread=thread, count=count, finder=finder, ctx=ctx,
                comments=partial(isso_comments, isso, int(thread.id)),
                where=thread.link,
            )  # fmt: skip
            if progress:
                progress(done * 100 // len(threads), report)
    for problem in isso_left_behind(isso):
        report.problem(problem)
