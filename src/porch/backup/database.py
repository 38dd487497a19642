"""Copying the database out and back: SQLite's online backup API, or pg_dump.

SQLite's backup API copies a consistent snapshot page by page while the site runs
(readers and the one writer of WAL mode go on); copying the ``.db`` file alone would
miss what still sits in the ``-wal`` file. PostgreSQL is dumped with ``pg_dump``'s
custom format and restored with ``pg_restore`` in one transaction, so a failed
restore leaves the database as empty as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.migrations.loader import MigrationLoader

from porch.backup.errors import BackupError, RestoreError


def engine_name(settings_dict: dict[str, Any]) -> str:
    """``sqlite`` or ``postgresql``, as the manifest names them."""
    return "sqlite" if settings_dict["ENGINE"].endswith("sqlite3") else "postgresql"


def holds_a_site(alias: str) -> bool:
    """Whether the database has been migrated; a missing SQLite file is not created."""
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    if engine_name(connection.settings_dict) == "sqlite" and not (
        name.startswith("file:") or Path(name).is_file()
    ):
        return False
    with connection.cursor() as cursor:
        return "django_migrations" in connection.introspection.table_names(cursor)


def sqlite_copy(alias: str, target: Path) -> None:
    """A consistent copy of the live database at ``target``, in rollback-journal mode.

    The copy's journal mode is set back to DELETE so the one file holds everything.
    """
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    with sqlite3.connect(target) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    copy.close()


def migrations_in_sqlite(path: Path) -> list[list[str]]:
    """The migrations applied to a SQLite file, as ``[app, name]`` pairs."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT app, name FROM django_migrations ORDER BY id")
        pairs = [[app, name] for app, name in rows]
    db.close()
    return pairs


def migrations_applied(alias: str) -> list[list[str]]:
    """The migrations applied to the configured database, as ``[app, name]`` pairs."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return [[app, name] for app, name in cursor.fetchall()]


def migrations_unknown(pairs: list[list[str]]) -> list[str]:
    """Migrations the backup had applied that this Porch does not have."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in pairs if (app, name) not in known]


def sqlite_check(path: Path) -> None:
    """Refuse a staged SQLite file that is damaged or holds no Porch site."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        db.close()
    except sqlite3.DatabaseError as error:
        raise RestoreError(f"the backup's database cannot be read ({error})") from None
    if verdict != "ok":
        raise RestoreError(f"the backup's database is damaged ({verdict})")
    if "django_migrations" not in tables or "comments_comment" not in tables:
        raise RestoreError("the backup's database holds no Porch site")


def _pg_tool(name: str, error: type[Exception]) -> str:
    found = shutil.which(name)
    if found is None:
        raise error(
            f"{name} is not installed: install PostgreSQL's client tools "
            "(apt-get install postgresql-client), of the server's version or newer"
        )
    return found


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the database: the password never shows in ``ps``."""
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict["NAME"],
        "PGSSLMODE": options.get("sslmode") or "",
        "PGCONNECT_TIMEOUT": str(options.get("connect_timeout") or ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def pg_dump(settings_dict: dict[str, Any], target: Path) -> None:
    """``pg_dump`` of the whole database, in its custom (compressed) format."""
    command = [
        _pg_tool("pg_dump", BackupError), "--format=custom", "--no-owner",
        "--no-privileges", f"--file={target}",
    ]  # fmt: skip
    failed = _pg_run(command, settings_dict)
    if failed is not None:
        raise BackupError(f"pg_dump failed: {failed}")


def pg_restore(settings_dict: dict[str, Any], dump: Path) -> None:
    """Load a dump into the (empty) database, all of it or nothing."""
    command = [
        _pg_tool("pg_restore", RestoreError), "--no-owner", "--no-privileges",
        "--single-transaction", "--exit-on-error",
        f"--dbname={settings_dict['NAME']}", str(dump),
    ]  # fmt: skip
    failed = _pg_run(command, settings_dict)
    if failed is not None:
        raise RestoreError(f"pg_restore failed, nothing was restored: {failed}")


def _pg_run(command: list[str], settings_dict: dict[str, Any]) -> str | None:
    """Run a PostgreSQL tool; None when it succeeded, else its last line of error."""
    done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        command, env=pg_environment(settings_dict), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    return None if done.returncode == 0 else _last_line(done.stderr)


def pg_tables(alias: str) -> list[str]:
    """Tables already in the configured PostgreSQL database."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))
