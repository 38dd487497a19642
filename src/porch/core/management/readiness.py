"""Is the database there, and is it up to date? Shared by ``porch`` and its commands.

Problems come back as one line naming the database (never its password), because a
host starting a server wants to know what to fix, not where Django noticed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

from porch.core.errors import PorchError
from porch.core.redact import url_for_display

# Lines other apps add to ``porch check``, label -> display function. Core names no
# domain app, so each app registers its own line from its AppConfig.ready().
_CHECK_LINES: dict[str, Callable[[], str]] = {}


def check_line_register(label: str, display: Callable[[], str]) -> None:
    """Show ``label: display()`` in ``porch check``, after the configuration lines.

    ``display`` may raise ``CommandError`` to stop the check with its one line.
    Registering a label again replaces its function.
    """
    _CHECK_LINES[label] = display


def check_lines() -> list[tuple[str, Callable[[], str]]]:
    """The registered lines, in the order the apps registered them."""
    return list(_CHECK_LINES.items())


# Work an app does before the first request rather than during it (moderation builds
# its sentence model), label -> function; registered from AppConfig.ready() too.
_WARM_UPS: dict[str, Callable[[], str]] = {}


def warm_up_register(label: str, warm: Callable[[], str]) -> None:
    """Run ``warm()`` when ``porch init``, ``serve`` or ``demo`` starts and when a
    web process loads. ``warm`` must not raise; it answers one line for the log."""
    _WARM_UPS[label] = warm


def warm_ups_run() -> list[tuple[str, str]]:
    """Run every registered warm-up; each label with the line it answered."""
    return [(label, warm()) for label, warm in _WARM_UPS.items()]


class DatabaseUnreachableError(PorchError):
    """The configured database cannot be opened; the message names it and why."""


def database_display(settings_dict: dict[str, Any]) -> str:
    """The database as an address a host recognises, without the password."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite://{settings_dict['NAME']}"
    user = f"{settings_dict['USER']}@" if settings_dict.get("USER") else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    host = settings_dict.get("HOST") or "localhost"
    return f"postgres://{user}{host}{port}/{settings_dict['NAME']}"


def reason_from(error: Exception) -> str:
    """The driver's explanation, shortened to its last clause and first line.

    psycopg says ``connection failed: connection to server at "h", port 1 failed:
    Connection refused\\n\\tIs the server running...``; the host needs the
    "connection refused".
    """
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    reason = first_line.rsplit("failed: ", 1)[-1].replace("FATAL:", "").strip()
    return reason[:1].lower() + reason[1:]


def database_check(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Open a connection to the database, or raise ``DatabaseUnreachableError``."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
    except OperationalError as error:
        where = database_display(connection.settings_dict)
        raise DatabaseUnreachableError(
            f"cannot reach the database at {where}: {reason_from(error)}"
        ) from None


def migrations_pending(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names (``app.migration``) of the migrations not yet applied, in order."""
    database_check(alias)
    executor = MigrationExecutor(connections[alias])
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def database_prepare(alias: str = DEFAULT_DB_ALIAS) -> int:
    """Apply pending migrations quietly; return how many ran (0 costs one query).

    This is what makes a command pointed at a new, empty data dir just work.
    """
    pending = migrations_pending(alias)
    if pending:
        call_command(
            "migrate",
            database=alias,
            interactive=False,
            verbosity=0,
            stdout=io.StringIO(),
        )
    return len(pending)


class CacheUnreachableError(PorchError):
    """The configured cache (Redis) does not answer; the message names it."""


def cache_check() -> None:
    """Write and read back one key, or raise ``CacheUnreachableError``."""
    from django.core.cache import cache

    try:
        cache.set("porch:check", "ok", 10)
        answered = cache.get("porch:check") == "ok"
    except Exception as error:  # each cache client raises its own kind
        raise CacheUnreachableError(
            f"cannot reach the cache at {cache_display()}: {reason_from(error)}"
        ) from None
    if not answered:
        raise CacheUnreachableError(f"the cache at {cache_display()} lost a value")


def cache_display() -> str:
    """The cache as a host configured it, without the password."""
    from django.conf import settings

    location = settings.CACHES["default"].get("LOCATION", "")
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return "in-process memory"
    return url_for_display(str(location))
