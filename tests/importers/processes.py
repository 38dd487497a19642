"""``porch import`` as a host runs it: a process of its own, on a data dir of its own.

The data dirs start from one database migrated once per test session (migrating takes
longer than most imports). Their rows are read with ``sqlite3``, apart from the test
database, and described by what was imported rather than by row ids, which differ
from one run to the next.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import porch

SRC = Path(porch.__file__).resolve().parents[1]  # the porch these tests import
DATABASE = "porch.sqlite3"
TIMEOUT_SECONDS = 600


def porch_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "porch", *args]


def porch_env(data_dir: Path) -> dict[str, str]:
    """No test settings and no PORCH_* from the shell: the data dir's SQLite only."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PORCH_") and key != "DJANGO_SETTINGS_MODULE"
    }
    path = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {**env, "PORCH_DATA_DIR": str(data_dir), "PYTHONPATH": path}


def porch_run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        porch_command(*args),
        env=porch_env(data_dir),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )


def migrated_template(folder: Path) -> Path:
    """A data dir with a migrated, empty database, for ``data_dir_from`` to copy."""
    done = porch_run(folder, "migrate", "--verbosity", "0")
    assert done.returncode == 0, done.stderr
    return folder


def data_dir_from(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in (DATABASE, "secret_key"):
        shutil.copy2(template / name, folder / name)
    return folder


def rows_count(data_dir: Path, table: str) -> int:
    """Committed rows of ``table``, read while an import may be writing."""
    with closing(sqlite3.connect(data_dir / DATABASE, timeout=5)) as db:
        # Only table names from the tests' own constants reach this query.
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608


def is_writing(data_dir: Path) -> bool:
    """Whether a transaction holds the database's write lock right now."""
    with closing(sqlite3.connect(data_dir / DATABASE, timeout=0)) as db:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        db.rollback()
        return False


# What an import leaves behind, each row named by the export's ids and slugs; a
# post's created_at is when the import ran, so it is left out.
SITE_QUERIES = {
    "people": "SELECT slug, display_name, email, bio, site_url, user_id IS NULL "
    "FROM people_person ORDER BY slug",
    "posts": "SELECT p.slug, p.title, p.status, p.publish_at, p.body, p.body_html, "
    "p.excerpt, p.comments_open, a.slug FROM blog_post p "
    "JOIN people_person a ON a.id = p.author_id ORDER BY p.slug",
    "categories": "SELECT c.slug, c.name, parent.slug FROM blog_category c "
    "LEFT JOIN blog_category parent ON parent.id = c.parent_id ORDER BY c.slug",
    "tags": "SELECT slug, name FROM blog_tag ORDER BY slug",
    "post categories": "SELECT p.slug, c.slug FROM blog_post_categories pc "
    "JOIN blog_post p ON p.id = pc.post_id "
    "JOIN blog_category c ON c.id = pc.category_id ORDER BY 1, 2",
    "comments": "SELECT io.import_id, p.slug, parent_io.import_id, "
    "LENGTH(c.path) - LENGTH(REPLACE(c.path, '/', '')), c.status, c.kind, "
    "c.author_name, c.author_email, c.author_url, c.body, c.body_html, c.ip, "
    "c.created_at, c.legacy_anchor, c.user_id IS NULL FROM comments_comment c "
    "JOIN blog_post p ON p.id = c.post_id "
    "LEFT JOIN importers_importedobject io ON io.kind = 'comment' "
    "AND io.object_id = c.id "
    "LEFT JOIN importers_importedobject parent_io ON parent_io.kind = 'comment' "
    "AND parent_io.object_id = c.parent_id ORDER BY io.import_id",
    "imported": "SELECT source, kind, import_id, fingerprint, metadata "
    "FROM importers_importedobject ORDER BY source, kind, import_id",
    "redirects": "SELECT r.old_path, r.new_url, r.source, p.slug "
    "FROM importers_legacyredirect r LEFT JOIN blog_post p ON p.id = r.object_id "
    "ORDER BY r.old_path",
}
COUNTED_TABLES = ("people_person", "blog_post", "blog_category", "blog_tag",
                  "blog_post_categories", "blog_post_tags", "comments_comment",
                  "importers_importedobject", "importers_legacyredirect",
                  "auth_user")  # fmt: skip


def site_rows(data_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every imported row of the data dir's database, independent of row ids."""
    with closing(sqlite3.connect(data_dir / DATABASE)) as db:
        rows = {
            name: db.execute(query).fetchall() for name, query in SITE_QUERIES.items()
        }
        rows["row counts"] = [
            (table, db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
            for table in COUNTED_TABLES
        ]
    return rows
