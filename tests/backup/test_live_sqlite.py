"""A live SQLite site in WAL mode: committed rows wait in the ``-wal`` file, so a
copy of the ``.db`` alone misses them; ``porch backup`` keeps every one, while
another connection goes on writing."""

from __future__ import annotations

import shutil
import sqlite3
import tarfile
import threading
from pathlib import Path

from tests.backup.test_backup import porch

INSERT = (
    "INSERT INTO moderation_blockrule (kind, value, reason, created_at) "
    "VALUES ('email', ?, 'live test', '2025-01-31 10:00:00')"
)
COUNT = "SELECT count(*), min(id), max(id) FROM moderation_blockrule"


def _writer(path: Path) -> sqlite3.Connection:
    """A connection like a running site's: WAL, and no checkpoint of its own."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 20000")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    return db


def test_a_backup_of_a_live_wal_database_has_every_committed_row(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    made = porch(site, "manage", "migrate", "--no-input")
    assert made.returncode == 0, made.stderr
    database = site / "porch.sqlite3"
    db = _writer(database)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    for number in range(200):
        db.execute(INSERT, (f"before{number}@spam.example",))
    plain_copy = tmp_path / "copied.sqlite3"
    shutil.copyfile(database, plain_copy)
    with sqlite3.connect(plain_copy) as copied:
        assert copied.execute(COUNT).fetchone()[0] < 200  # what cp alone gives
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        while not stop.is_set():
            db.execute(INSERT, (f"during{len(written)}@spam.example",))
            written.append(1)

    writing = threading.Thread(target=keep_writing)
    writing.start()
    try:
        done = porch(site, "backup", str(tmp_path / "live.tar.gz"))
    finally:
        stop.set()
        writing.join()
    db.close()

    assert done.returncode == 0, done.stderr
    assert written  # the site was written to while the backup ran
    with tarfile.open(tmp_path / "live.tar.gz") as tar:
        tar.extract("database/porch.sqlite3", tmp_path / "out", filter="data")
    with sqlite3.connect(tmp_path / "out" / "database" / "porch.sqlite3") as backed_up:
        assert backed_up.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count, first, last = backed_up.execute(COUNT).fetchone()
        journal = backed_up.execute("PRAGMA journal_mode").fetchone()
    assert count >= 200
    assert (first, last) == (1, count)  # one moment's rows, none torn out between
    assert journal == ("delete",)  # one self-contained file
