"""The ``porch`` command: Django's management utility with Porch's settings.

``porch serve``, ``porch init``, ``porch demo``... are management commands;
``porch manage ARGS`` passes anything else straight to Django. Before a command that
uses the site runs, a new or outdated database is migrated, so ``porch serve`` on a
fresh machine just works. Configuration and database problems end the command with
one line on stderr naming what to fix, never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Commands that must see the database as it is, manage migrations themselves, or
# need no database at all.
NO_PREPARE = {
    "backup",
    "check",
    "collectstatic",
    "compilemessages",
    "db_worker",
    "dbshell",
    "demo",
    "diffsettings",
    "findstatic",
    "help",
    "init",
    "makemessages",
    "makemigrations",
    "migrate",
    "optimizemigration",
    "restore",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "startapp",
    "startproject",
    "test",
    "version",
}
EXIT_CONFIG = 2


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porch.settings")
    if len(argv) > 1 and argv[1] == "manage":
        argv = [argv[0], *argv[2:]]
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        demo_environment_set(argv[2:])

    from porch.core.errors import PorchError

    try:
        run(argv, command)
    except PorchError as error:
        sys.stderr.write(f"porch: {error}\n")
        raise SystemExit(EXIT_CONFIG) from None


def run(argv: list[str], command: str) -> None:
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if command not in NO_PREPARE and command in get_commands():
        from porch.core.management.readiness import database_prepare

        database_prepare()
    execute_from_command_line(argv)


def demo_environment_set(args: list[str]) -> None:
    """Point settings at the demo's own data dir, SQLite database and address.

    Settings are read once, at start-up, so this must happen before Django loads
    them. The demo never uses ``PORCH_DATABASE_URL``: it wipes its database on
    every run, and that must never be the host's real one.
    """
    from porch.config import DEMO_DATA_DIR

    folder = option_value(args, "--data-dir") or DEMO_DATA_DIR
    host = option_value(args, "--host") or "127.0.0.1"
    port = option_value(args, "--port") or "8000"
    if host in {"0.0.0.0", "::"}:  # noqa: S104 (compared, not bound)
        host = "127.0.0.1"
    os.environ["PORCH_DATA_DIR"] = str(Path(folder).expanduser().resolve())
    os.environ["PORCH_DATABASE_URL"] = ""
    os.environ["PORCH_SITE_URL"] = f"http://{host}:{port}"


def option_value(args: list[str], flag: str) -> str | None:
    """The value given to ``flag`` as ``--flag VALUE`` or ``--flag=VALUE``."""
    for index, arg in enumerate(args):
        if arg == flag and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(f"{flag}="):
            return arg.split("=", 1)[1]
    return None
