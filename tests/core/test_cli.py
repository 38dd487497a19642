"""The ``porch`` command: the real entry point in a subprocess, commands in-process."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import IO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from porch.core.models import SiteSettings
from porch.people.models import Person
from tests.processes import session_kill

PORCH = str(Path(sys.executable).with_name("porch"))
PASSWORD = "quiet-lantern-42"
SERVE_DEADLINE_SECONDS = 30
PREPARE_DEADLINE_SECONDS = 180


def porch_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """A clean environment: no test settings, no PORCH_* from the developer's shell."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PORCH_") and key != "DJANGO_SETTINGS_MODULE"
    }
    return {**env, "PORCH_DATA_DIR": str(data_dir), **variables}


def porch(
    data_dir: Path, *args: str, **variables: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [PORCH, *args],
        env=porch_env(data_dir, **variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def porch_shell(data_dir: Path, code: str) -> str:
    done = porch(data_dir, "manage", "shell", "--no-imports", "-c", code)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_init_without_input_creates_the_database_and_a_host_who_can_sign_in(tmp_path):
    done = porch(
        tmp_path, "init", "--no-input", "--site-name", "Bench Notes",
        "--admin-email", "maren@bench.example", "--admin-password", PASSWORD,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Site name: Bench Notes\nHost account 'host': created." in done.stdout
    assert (tmp_path / "porch.sqlite3").exists()
    answer = porch_shell(
        tmp_path,
        "from django.contrib.auth import authenticate; "
        "from porch.core.models import SiteSettings; "
        f"user = authenticate(username='host', password='{PASSWORD}'); "
        "print(user.is_superuser, list(user.groups.values_list('name', flat=True)), "
        "SiteSettings.current().site_name)",
    )
    assert answer == "True ['host'] Bench Notes"


def test_check_passes_on_a_good_configuration_without_changing_it(tmp_path):
    done = porch(tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert f"Database:  sqlite://{tmp_path}/porch.sqlite3\n" in done.stdout
    assert "not applied yet (porch init or porch serve applies them)" in done.stdout
    assert "System check identified no issues" in done.stdout
    assert done.stderr == ""


def test_check_refuses_an_unsupported_database_in_one_line(tmp_path):
    done = porch(tmp_path, "check", PORCH_DATABASE_URL="mysql://x")
    assert done.returncode == 2
    assert done.stderr == (
        "porch: PORCH_DATABASE_URL must start with sqlite:// or postgres://, "
        "not 'mysql://x'\n"
    )
    assert done.stdout == ""


def test_check_names_an_unreachable_database_without_its_password(tmp_path):
    url = "postgres://postgres:hunter2@127.0.0.1:1/none"
    done = porch(tmp_path, "check", PORCH_DATABASE_URL=url)
    assert done.returncode == 2
    assert done.stderr == (
        "porch: cannot reach the database at postgres://postgres@127.0.0.1:1/none: "
        "connection refused\n"
    )
    assert "hunter2" not in done.stdout


def test_serve_refuses_an_unreachable_database_in_one_line(tmp_path):
    done = porch(
        tmp_path,
        "serve",
        "--no-worker",
        PORCH_DATABASE_URL="postgres://u@127.0.0.1:1/x",
    )
    assert done.returncode == 2
    assert done.stderr == (
        "porch: cannot reach the database at postgres://u@127.0.0.1:1/x: "
        "connection refused\n"
    )


def test_any_command_names_a_bad_variable_in_one_line(tmp_path):
    done = porch(tmp_path, "createadmin", "--no-input", PORCH_DEBUG="maybe")
    assert done.returncode == 2
    assert done.stderr == "porch: PORCH_DEBUG must be true or false, not 'maybe'\n"


@pytest.fixture
def fresh_postgres_url():
    """A new, empty PostgreSQL database on the test server, dropped afterwards."""
    base = os.environ.get("PORCH_TEST_DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("set PORCH_TEST_DATABASE_URL to a PostgreSQL server to run this")
    import psycopg

    name = f"porch_cli_{uuid.uuid4().hex[:12]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{base.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_init_then_check_on_a_new_postgres_database(tmp_path, fresh_postgres_url):
    url = fresh_postgres_url
    done = porch(tmp_path, "init", "--no-input", "--admin-password", PASSWORD,
                 PORCH_DATABASE_URL=url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    checked = porch(tmp_path, "check", PORCH_DATABASE_URL=url)
    assert checked.returncode == 0, checked.stderr
    assert "Migrations: all applied\n" in checked.stdout
    assert not (tmp_path / "porch.sqlite3").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerLog:
    """A server's stderr, read as it comes so the pipe never fills up."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self.serving = threading.Event()
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream: IO[str]) -> None:
        with stream:  # the log owns the pipe: closed once the server has exited
            for line in stream:
                self.lines.append(line)
                if line.startswith("Serving "):
                    self.serving.set()
        self.serving.set()  # the server exited: stop waiting for it

    def text(self) -> str:
        self.reader.join(timeout=10)
        return "".join(self.lines)


def first_answer(
    url: str, server: subprocess.Popen[str], log: ServerLog
) -> tuple[int, str]:
    """Ask ``url`` until it answers; waiting on the server doubles as the pause.

    Migrating a new database and compressing static files come first and may take
    long on a busy machine; the 30 seconds count from the server's start.
    """
    if not log.serving.wait(timeout=PREPARE_DEADLINE_SECONDS):
        pytest.fail(f"porch serve did not start within {PREPARE_DEADLINE_SECONDS} s")
    deadline = time.monotonic() + SERVE_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            try:
                server.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"porch serve exited early: {log.text()}")
    pytest.fail(f"porch serve did not answer within {SERVE_DEADLINE_SECONDS} s")


def serve_start(data_dir: Path) -> tuple[subprocess.Popen[str], ServerLog, int]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PORCH, "serve", "--port", str(port), "--workers", "1"],
        env=porch_env(data_dir, PORCH_SITE_URL=f"http://127.0.0.1:{port}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # Its own session: whatever it starts can be found, and swept, by session.
        start_new_session=True,
    )
    assert server.stderr is not None
    return server, ServerLog(server.stderr), port


def test_serve_on_a_fresh_data_dir_serves_the_home_page_and_stops_on_sigterm(tmp_path):
    server, log, port = serve_start(tmp_path)
    try:
        status, page = first_answer(f"http://127.0.0.1:{port}/", server, log)
    finally:
        server.terminate()
        server.wait(timeout=60)
        left = session_kill(server.pid)
    assert left == {}
    assert status == 200
    assert "My Porch" in page
    assert f"on http://127.0.0.1:{port}/ with 1 granian worker(s)" in log.text()
    assert "received SIGTERM, stopping" in log.text()
    assert server.returncode == 0
    assert (tmp_path / "static" / "staticfiles.json").exists()


def task_worker_pid(parent: int) -> int | None:
    """The pid of ``parent``'s db_worker child, read from /proc (Linux).

    The supervisor starts its children from its main thread, whose task id is its pid.
    """
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    for child in children:
        with contextlib.suppress(FileNotFoundError):  # it may have just exited
            if b"db_worker" in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"):
                return int(child)
    return None


def task_worker_after(
    server: subprocess.Popen[str], log: ServerLog, old: int | None
) -> int:
    """Wait for a task worker other than ``old``; waiting on serve is the pause."""
    deadline = time.monotonic() + SERVE_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        found = task_worker_pid(server.pid)
        if found not in (None, old):
            return found
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=0.25)
        assert server.returncode is None, log.text()
    pytest.fail(f"no new task worker within {SERVE_DEADLINE_SECONDS} s")


def test_serve_restarts_a_task_worker_that_dies_and_stops_it_on_exit(tmp_path):
    server, log, _port = serve_start(tmp_path)
    try:
        assert log.serving.wait(timeout=PREPARE_DEADLINE_SECONDS)
        first = task_worker_after(server, log, None)
        os.kill(first, signal.SIGKILL)
        replacement = task_worker_after(server, log, first)
    finally:
        server.terminate()
        server.wait(timeout=60)
        # Stopped while its web worker may still be starting: the case that once
        # left a granian worker running after the suite.
        left = session_kill(server.pid)
    assert left == {}
    assert "the task worker exited with code -9" in log.text()
    assert not Path(f"/proc/{replacement}").exists()  # stopped and reaped with serve


def demo_counts(data_dir: Path) -> tuple[int, ...]:
    with sqlite3.connect(data_dir / "porch.sqlite3") as db:
        return tuple(
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("blog_post", "people_person", "blog_series", "auth_user")
        )


def test_demo_without_serving_builds_the_same_site_every_run(tmp_path):
    demo_dir = tmp_path / "demo"
    for _run in range(2):
        done = porch(tmp_path, "demo", "--no-serve", "--data-dir", str(demo_dir))
        assert done.returncode == 0, done.stderr
        assert demo_counts(demo_dir) == (8, 3, 1, 1)
    assert "Demo site 'Bench Notes': 8 posts, 3 people, 1 series" in done.stdout
    assert "Address:  http://127.0.0.1:8000/\n" in done.stdout
    password = done.stdout.split("Password: ")[1].strip()
    answer = porch_shell(
        demo_dir,
        "from django.contrib.auth import authenticate; "
        f"print(authenticate(username='host', password='{password}').person)",
    )
    assert answer == "Maren Holt"
    assert not (
        tmp_path / "porch.sqlite3"
    ).exists()  # the demo left PORCH_DATA_DIR alone


def test_demo_refuses_to_wipe_a_folder_it_did_not_make(tmp_path):
    precious = tmp_path / "site" / "porch.sqlite3"
    precious.parent.mkdir()
    precious.write_bytes(b"a real site")
    done = porch(tmp_path, "demo", "--no-serve", "--data-dir", str(precious.parent))
    assert done.returncode == 1
    assert "is not a demo data dir" in done.stderr
    assert precious.read_bytes() == b"a real site"


# In-process: the commands' own rules, on the test database.


@pytest.mark.django_db
def test_init_without_a_password_changes_nothing():
    with pytest.raises(CommandError, match="--admin-password is required"):
        call_command("init", "--no-input", "--site-name", "Elsewhere")
    assert not get_user_model().objects.exists()
    assert SiteSettings.current().site_name == "My Porch"


@pytest.mark.django_db
def test_init_with_a_weak_password_changes_nothing():
    with pytest.raises(CommandError) as raised:
        call_command(
            "init", "--no-input", "--site-name", "Elsewhere", "--admin-password", "1234"
        )
    assert str(raised.value) == (
        "This password is too short. It must contain at least 8 characters. "
        "This password is too common."
    )
    assert not get_user_model().objects.exists()
    assert SiteSettings.current().site_name == "My Porch"


@pytest.mark.django_db
def test_init_again_renames_the_site_and_keeps_the_host(capsys):
    call_command("init", "--no-input", "--admin-password", PASSWORD)
    host = get_user_model().objects.get(username="host")
    call_command("init", "--no-input", "--site-name", "Second Name")
    assert (
        "Host account 'host': already exists, left unchanged."
        in capsys.readouterr().out
    )
    assert SiteSettings.current().site_name == "Second Name"
    assert list(get_user_model().objects.values_list("pk", "password")) == [
        (host.pk, host.password)
    ]


@pytest.mark.django_db
def test_createadmin_refuses_a_taken_name():
    call_command(
        "createadmin", "--no-input", "--username", "ada", "--password", PASSWORD
    )
    with pytest.raises(CommandError, match="a user named 'ada' already exists"):
        call_command(
            "createadmin",
            "--no-input",
            "--username",
            "ada",
            "--password",
            "other-pw-77",
        )
    ada = get_user_model().objects.get()
    assert (ada.username, ada.is_superuser, ada.check_password(PASSWORD)) == (
        "ada",
        True,
        True,
    )


@pytest.mark.django_db
def test_check_reports_the_configuration_and_runs_the_system_checks(capsys):
    call_command("check")
    out = capsys.readouterr().out
    assert "Cache:     in-process memory\n" in out
    assert "Email:     kept in memory\n" in out
    assert "Migrations: all applied\n" in out
    assert "System check identified no issues (0 silenced)." in out


def test_check_keeps_djangos_flags(capsys):
    call_command("check", "--list-tags")
    out = capsys.readouterr().out
    assert {"database", "models", "urls"} <= set(out.split())
    assert "Data dir:" not in out


@pytest.mark.django_db
def test_init_gives_the_host_a_byline_to_write_under():
    call_command(
        "init",
        "--no-input",
        "--admin-email",
        "maren@example.com",
        "--admin-password",
        PASSWORD,
    )
    host = get_user_model().objects.get(username="host")
    assert list(
        Person.objects.values_list("user", "display_name", "slug", "email")
    ) == [(host.pk, "host", "host", "maren@example.com")]


@pytest.mark.django_db
def test_createadmin_picks_a_free_slug_for_the_new_profile():
    Person.objects.create(display_name="Ada Guest", slug="ada")
    call_command(
        "createadmin", "--no-input", "--username", "ada", "--password", PASSWORD
    )
    ada = get_user_model().objects.get(username="ada")
    assert Person.objects.get(user=ada).slug == "ada-2"
