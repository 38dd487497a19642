"""``porch import wordpress`` in its own process: killed, refused, and its memory.

Slow (each run starts Django in a new process), but nothing else shows what a host
sees: a `kill -9` (the power going out, the OOM killer) at three points of an import,
then the same command again, leaves the same site as an import never interrupted; a
refused file is one ``porch:`` line and no traceback; and a post with a huge
discussion is imported in memory that does not grow with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.importers.generated import export_write
from tests.importers.processes import (
    data_dir_from,
    is_writing,
    migrated_template,
    porch_command,
    porch_env,
    porch_run,
    rows_count,
    site_rows,
)

AUTHORS = 300
SMALL_POSTS = 30
BIG_POST_COMMENTS = 4000  # the last post: its comments are written for seconds
POLL_SECONDS = 0.01
KILL_DEADLINE_SECONDS = 300


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_template(tmp_path_factory.mktemp("migrated"))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "export.xml"
    export_write(
        path, comments=[12] * SMALL_POSTS + [BIG_POST_COMMENTS], authors=AUTHORS
    )
    return path


def during_authors(data_dir: Path) -> bool:
    return 0 < rows_count(data_dir, "people_person") < AUTHORS // 2


def mid_posts(data_dir: Path) -> bool:
    return 0 < rows_count(data_dir, "blog_post") < SMALL_POSTS // 2


def mid_comments(data_dir: Path) -> bool:
    """The last post's transaction is open: its comments are being written."""
    return rows_count(data_dir, "blog_post") == SMALL_POSTS and is_writing(data_dir)


def import_killed(data_dir: Path, export: Path, when: Callable[[Path], bool]) -> None:
    """Start the import, wait until ``when`` sees its progress, then SIGKILL it."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        porch_command("import", "wordpress", str(export)),
        env=porch_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + KILL_DEADLINE_SECONDS
    try:
        while not when(data_dir):
            assert process.poll() is None, "the import ended before the kill point"
            assert time.monotonic() < deadline, "the kill point never came"
            time.sleep(POLL_SECONDS)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


def test_import_killed_at_three_points_then_run_again_equals_one_never_killed(
    template, export, tmp_path
):
    whole = data_dir_from(template, tmp_path / "whole")
    done = porch_run(whole, "import", "wordpress", str(export))
    assert done.returncode == 0, done.stderr
    expected = site_rows(whole)
    assert dict(expected["row counts"])["people_person"] == AUTHORS
    assert dict(expected["row counts"])["comments_comment"] == (
        12 * SMALL_POSTS + BIG_POST_COMMENTS
    )

    for point in (during_authors, mid_posts, mid_comments):
        data_dir = data_dir_from(template, tmp_path / point.__name__)
        import_killed(data_dir, export, point)
        killed = site_rows(data_dir)
        assert killed != expected, f"{point.__name__}: the kill came too late"
        again = porch_run(data_dir, "import", "wordpress", str(export))
        assert again.returncode == 0, again.stderr
        assert site_rows(data_dir) == expected, point.__name__


def test_a_refused_file_is_one_porch_line_and_writes_nothing(template, tmp_path):
    data_dir = data_dir_from(template, tmp_path / "site")
    cut_short = tmp_path / "cut-short.xml"
    export_write(cut_short, comments=[8, 8], authors=3)
    whole = cut_short.read_bytes()
    cut_short.write_bytes(whole[: whole.rindex(b"<wp:comment>")])  # a copy cut short
    last_item_line = whole[: whole.rindex(b"<item>")].count(b"\n") + 1
    done = porch_run(data_dir, "import", "wordpress", str(cut_short))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"porch: {cut_short}: the export is not well-formed XML: the file ends "
        f"inside <item> (opened on line {last_item_line}); it was cut short or edited: "
        "export it again from the old site"
    )
    assert all(count == 0 for _table, count in site_rows(data_dir)["row counts"][:-1])


def peak_rss_mib(data_dir: Path, *args: str) -> float:
    """Run ``porch ARGS`` and return its peak resident set size, from the kernel."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        porch_command(*args),
        env=porch_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_maxrss / 1024


def test_a_huge_discussion_is_imported_in_memory_that_does_not_grow_with_it(
    template, tmp_path
):
    """Before, memory grew by about 5 KB a comment: 45 MB more for 10,000."""
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    export_write(small, comments=[100])
    export_write(large, comments=[10_000])
    small_peak = peak_rss_mib(
        data_dir_from(template, tmp_path / "small"), "import", "wordpress", str(small)
    )
    large_dir = data_dir_from(template, tmp_path / "large")
    large_peak = peak_rss_mib(large_dir, "import", "wordpress", str(large))
    assert rows_count(large_dir, "comments_comment") == 10_000
    assert large_peak - small_peak < 20, (small_peak, large_peak)
