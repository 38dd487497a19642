"""The PostgreSQL round trip: ``pg_dump`` into the backup, ``pg_restore`` into a new
database, and every row (ids, sequences) the same; a full database is refused."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.backup.site import NOT_COMPARED, build_full_site
from tests.backup.test_backup import porch

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PORCH_TEST_DATABASE_URL (PostgreSQL)",
    ),
]


def _connect(name: str) -> psycopg.Connection[Any]:
    params = connection.settings_dict
    return psycopg.connect(
        dbname=name, host=params["HOST"] or None, port=params["PORT"] or None,
        user=params["USER"] or None, password=params["PASSWORD"] or None,
        autocommit=True,
    )  # fmt: skip


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A new, empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(name: str) -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = params["HOST"] or "127.0.0.1"
    return (
        f"postgres://{params['USER']}{password}@{host}:{params['PORT'] or 5432}/{name}"
    )


def _dump(name: str) -> dict[str, Any]:
    """Every row of every table, and where every sequence stands."""
    with _connect(name) as db:
        tables = [
            table
            for (table,) in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE "
                "table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            if table not in NOT_COMPARED
        ]
        rows = {
            table: sorted(
                db.execute(f'SELECT * FROM "{table}"').fetchall(),  # noqa: S608
                key=repr,
            )
            for table in tables
        }
        sequences = sorted(
            db.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall()
        )
    return {"rows": rows, "sequences": sequences}


def test_a_restored_postgresql_site_has_every_row(
    empty_database: str, tmp_path: Path, settings
) -> None:
    settings.MODERATION_ADAPTER_PATH = tmp_path / "site-model" / "adapter.npz"
    build_full_site()
    out = tmp_path / "site.tar.gz"
    call_command("backup", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115

    done = porch(
        tmp_path / "fresh", "restore", str(out), PORCH_DATABASE_URL=_url(empty_database)
    )

    assert done.returncode == 0, done.stderr
    before = _dump(connection.settings_dict["NAME"])
    after = _dump(empty_database)
    assert after == before
    assert len(before["rows"]["comments_comment"]) == 8
    assert len(before["rows"]["moderation_moderationevent"]) >= 5
    assert (tmp_path / "fresh" / "moderation" / "adapter.npz").read_bytes() == (
        settings.MODERATION_ADAPTER_PATH.read_bytes()
    )

    again = porch(
        tmp_path / "other", "restore", str(out), PORCH_DATABASE_URL=_url(empty_database)
    )

    assert again.returncode == 1
    assert f"the database {empty_database} is not empty" in again.stderr
    assert _dump(empty_database) == after
    assert [p.name for p in (tmp_path / "other").iterdir()] in ([], ["secret_key"])


def test_a_sqlite_backup_is_not_restored_into_postgresql(
    empty_database: str, tmp_path: Path
) -> None:
    sqlite_backup = tmp_path / "sqlite-site.tar.gz"
    refused = porch(tmp_path / "sqlite-site", "backup", str(sqlite_backup))
    assert refused.returncode == 1
    assert "the database holds no Porch site yet (run porch init)" in refused.stderr
    assert not sqlite_backup.exists()
    assert not (tmp_path / "sqlite-site" / "porch.sqlite3").exists()
    init = porch(tmp_path / "sqlite-site", "init", "--no-input", "--admin-password",
                 "quiet-lantern-42", "--admin-email", "host@example.org")  # fmt: skip
    assert init.returncode == 0, init.stderr
    made = porch(tmp_path / "sqlite-site", "backup", str(sqlite_backup))
    assert made.returncode == 0, made.stderr

    done = porch(
        tmp_path / "fresh", "restore", str(sqlite_backup),
        PORCH_DATABASE_URL=_url(empty_database),
    )  # fmt: skip

    assert done.returncode == 1
    assert "holds a sqlite database and this site is configured for postgresql" in (
        done.stderr
    )
    assert _dump(empty_database)["rows"] == {}
