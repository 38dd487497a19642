from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from porch.comments.models import Comment
from porch.importers.models import ImportedObject
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

# Isso's own schema (isso/db/__init__.py, threads.py, comments.py, preferences.py).
ISSO_SCHEMA = """
CREATE TABLE preferences (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE,
    title VARCHAR(256));
CREATE TABLE comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
    text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
    likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
    notification INTEGER DEFAULT 0);
"""
MARCH_5 = datetime(2012, 3, 5, 11, 0, tzinfo=UTC).timestamp()
THREADS = [
    (1, "/posts/planting-beans/", "Planting beans in March"),
    (2, "/blog/cold-frames/", "Cold frames"),
    (3, "/2013/01/gone/", "Gone"),
]
# tid, id, parent, created, mode, ip, text, author, email, website, likes, notify
COMMENTS = [
    (1, 1, None, MARCH_5, 1, "203.0.113.0", "How far apart?\n\nI crowd mine.",
     "Lena", "lena@example.org", "https://lena.example/", 2, 1),
    (1, 2, 1, MARCH_5 + 3600, 1, "198.51.100.0", "About *a hand* apart.",
     "Maya", None, None, 0, 0),
    (1, 3, 1, MARCH_5 + 7200, 2, "192.0.2.0", "Do they mind **wind**?",
     None, None, None, 0, 0),
    (1, 4, None, MARCH_5 + 9000, 4, "192.0.2.0", "", None, None, None, 0, 0),
    (1, 5, 4, MARCH_5 + 9600, 1, "192.0.2.0", "Replying to a deleted one.",
     "Ivo", None, None, 0, 0),
    (2, 6, None, MARCH_5 + 86400, 1, "192.0.2.0", "Old windows <em>work</em>.",
     "Kim", None, None, 0, 0),
    (3, 7, None, MARCH_5 + 99999, 1, "192.0.2.0", "First!", "Sam", None, None, 0, 0),
]  # fmt: skip


def isso_db(folder: Path) -> Path:
    """An Isso database as Isso writes it, holding the garden's discussions."""
    path = folder / "comments.db"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(ISSO_SCHEMA)
        db.execute("INSERT INTO preferences VALUES ('session-key', 'a1b2c3d4e5f6')")
        db.executemany("INSERT INTO threads VALUES (?, ?, ?)", THREADS)
        db.executemany(
            "INSERT INTO comments (tid, id, parent, created, modified, mode, "
            "remote_addr, text, author, email, website, likes, dislikes, voters, "
            "notification) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 0, x'00', ?)",
            COMMENTS,
        )
        db.commit()
    return path


def run_isso(path: Path, *extra: str) -> str:
    out = StringIO()
    call_command("import", "isso", str(path), *extra, stdout=out, stderr=StringIO())
    return out.getvalue()


def by_isso_id(isso_id: str) -> Comment:
    record = ImportedObject.objects.get(kind="comment", import_id=isso_id)
    return Comment.objects.get(pk=record.object_id)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    PostFactory(slug="planting-beans")
    PostFactory(slug="cold-frames")
    return isso_db(tmp_path)


def test_comments_keep_parents_modes_and_dates(database):
    run_isso(database)
    first, answer, held = by_isso_id("1"), by_isso_id("2"), by_isso_id("3")
    assert (first.post.slug, first.parent, answer.parent, held.parent) == (
        "planting-beans", None, first, first,
    )  # fmt: skip
    assert [by_isso_id(i).status for i in "12345"] == [
        "approved", "approved", "pending", "removed", "approved",
    ]  # fmt: skip
    assert by_isso_id("5").parent == by_isso_id("4")  # kept as a placeholder
    assert first.created_at == datetime(2012, 3, 5, 11, 0, tzinfo=UTC)
    assert answer.created_at == datetime(2012, 3, 5, 12, 0, tzinfo=UTC)


def test_markdown_text_keeps_its_meaning(database):
    run_isso(database)
    assert by_isso_id("1").body == "How far apart?\n\nI crowd mine."
    assert by_isso_id("2").body_html == "<p>About <em>a hand</em> apart.</p>\n"
    assert by_isso_id("3").body == "Do they mind **wind**?"
    assert by_isso_id("3").author_name == "Anonymous"
    assert by_isso_id("6").post.slug == "cold-frames"  # matched by the URI's slug
    assert by_isso_id("6").body == "Old windows *work*."


def test_private_fields_are_kept(database):
    run_isso(database)
    lena = by_isso_id("1")
    assert (lena.author_email, lena.author_url, lena.ip) == (
        "lena@example.org", "https://lena.example/", "203.0.113.0",
    )  # fmt: skip


def test_report_names_unmatched_threads_and_what_was_left(database):
    report = run_isso(database)
    assert "comments     imported      6" in report
    assert "skipped      1" in report
    assert (
        "thread “Gone” at /2013/01/gone/: no Porch post matches it; its 1 comment "
        "was not imported"
    ) in report
    assert "1 comments had likes or dislikes; Porch has no votes" in report
    assert "1 comments asked Isso for reply emails" in report
    assert "lena@example.org" not in report


def test_importing_twice_adds_nothing(database):
    run_isso(database)
    before = sorted(Comment.objects.values_list("pk", "path", "status", "body"))
    report = run_isso(database)
    assert "comments     imported      0  updated      0  unchanged      6" in report
    assert sorted(Comment.objects.values_list("pk", "path", "status", "body")) == before
    assert set(ImportedObject.objects.values_list("source", flat=True)) == {
        "isso:a1b2c3d4e5f6"
    }


def test_dry_run_writes_nothing(database):
    report = run_isso(database, "--dry-run")
    assert report.startswith("Dry run (nothing was written)")
    assert "comments     imported      6" in report
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.exists()


def test_database_is_opened_read_only(database):
    database.chmod(0o444)
    run_isso(database)
    assert Comment.objects.count() == 6


def test_a_file_that_is_not_sqlite_is_refused(db, tmp_path):
    bad = tmp_path / "comments.db"
    bad.write_text("tid,id,text\n1,1,hello\n")
    with pytest.raises(CommandError, match=r"this is not an Isso database \(SQLite"):
        run_isso(bad)
    assert not Comment.objects.exists()


def test_another_sqlite_database_is_refused(db, tmp_path):
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as db_file:
        db_file.execute("CREATE TABLE threads (id INTEGER, uri TEXT, title TEXT)")
        db_file.execute("CREATE TABLE comments (id INTEGER, text TEXT)")
    with pytest.raises(
        CommandError,
        match="this is not an Isso database: its table 'comments' lacks author, "
        "created, email, mode, parent, remote_addr, tid, website",
    ):
        run_isso(other)
    assert not Comment.objects.exists()


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist or is not a file"):
        run_isso(tmp_path / "nowhere.db")
