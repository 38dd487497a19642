"""``porch import disqus``: a Disqus export (XML) into Porch's discussions.

``parse`` stages the export and reads it back a thread at a time; each thread is
matched to a post and written by the writer in one transaction. Threads whose page
matches no Porch post are named in the report with their comment counts; importing
the same file again after adding the post brings them in, and adds nothing twice.
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from functools import partial
from pathlib import Path

from porch.importers.disqus.parse import (
    SCHEMA,
    disqus_stage,
    staged_comments,
    staged_threads,
)
from porch.importers.report import ImportReport
from porch.importers.writer.threads import (
    PostFinder,
    Progress,
    comments_context,
    maybe_rolled_back,
    thread_write,
)


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
            staged.executescript(SCHEMA)
            forum = disqus_stage(path, staged)
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
    threads = staged_threads(staged)
    for done, (thread, count) in enumerate(threads, 1):
        thread_write(
            thread=thread, count=count, finder=finder, ctx=ctx,
            comments=partial(staged_comments, staged, thread.id),
            where=thread.link or f"Disqus thread {thread.id}",
        )  # fmt: skip
        if progress:
            progress(done * 100 // len(threads), report)
