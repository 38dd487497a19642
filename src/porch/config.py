"""Deployment facts read once from ``PORCH_*`` environment variables.

Every reader names the variable it reads in its error, so a typo in a deployment
stops start-up with a one-line message instead of a traceback deep in Django.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

from porch.core.errors import ConfigError

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def data_dir() -> Path:
    """The folder holding the SQLite database, uploads, static files and the key."""
    path = Path(env_text("PORCH_DATA_DIR", "porch-data")).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"PORCH_DATA_DIR: cannot create {path}: {error.strerror}"
        ) from error
    return path


def secret_key(folder: Path) -> str:
    """``PORCH_SECRET_KEY``, or a key generated on first run and kept in the data dir."""
    given = env_text("PORCH_SECRET_KEY")
    if given:
        if len(given) < 32:
            raise ConfigError("PORCH_SECRET_KEY must be at least 32 characters long")
        return given
    key_file = folder / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database(folder: Path) -> dict[str, Any]:
    """Django's DATABASES['default'] from ``PORCH_DATABASE_URL`` (default SQLite)."""
    url = env_text("PORCH_DATABASE_URL")
    if not url:
        return sqlite_database(folder / "porch.sqlite3")
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = url.split("://", 1)[1]
        return sqlite_database(Path(path or folder / "porch.sqlite3"))
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"PORCH_DATABASE_URL must start with sqlite:// or postgres://, not {scheme or url!r}"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ConfigError(f"PORCH_DATABASE_URL is malformed: {error}") from error
    if not config.get("NAME"):
        raise ConfigError("PORCH_DATABASE_URL names no database (postgres://host/NAME)")
    return dict(config)


def sqlite_database(path: Path) -> dict[str, Any]:
    # WAL lets readers go on while one writer commits; IMMEDIATE transactions and a
    # busy timeout make concurrent writers wait for the lock instead of failing.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def cache(url: str | None = None) -> dict[str, Any]:
    """Django's CACHES['default'] from ``PORCH_CACHE_URL`` (default in-process)."""
    url = env_text("PORCH_CACHE_URL") if url is None else url
    if not url or url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "porch",
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(
            f"PORCH_CACHE_URL must start with redis:// or locmem://, not {scheme or url!r}"
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "porch",
    }


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    default_from: str = "Porch <porch@localhost>"


def email() -> EmailConfig:
    """Email settings from ``PORCH_EMAIL_URL``: ``console://`` or ``smtp://user:pass@host:port``.

    ``smtp+tls://`` asks for STARTTLS, ``smtps://`` for implicit TLS; ``?from=`` sets
    the sender.
    """
    url = env_text("PORCH_EMAIL_URL", "console://")
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    sender = query.get("from", "Porch <porch@localhost>")
    if parts.scheme == "console":
        return EmailConfig(
            backend="django.core.mail.backends.console.EmailBackend",
            default_from=sender,
        )
    if parts.scheme == "memory":
        return EmailConfig(
            backend="django.core.mail.backends.locmem.EmailBackend",
            default_from=sender,
        )
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ConfigError(
            "PORCH_EMAIL_URL must start with console://, smtp://, smtp+tls:// or "
            f"smtps://, not {parts.scheme or url!r}"
        )
    if not parts.hostname:
        raise ConfigError("PORCH_EMAIL_URL names no host (smtp://host:port)")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError as error:
        raise ConfigError(f"PORCH_EMAIL_URL has a bad port: {error}") from error
    return EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=parts.scheme == "smtp+tls",
        use_ssl=parts.scheme == "smtps",
        default_from=sender,
    )


def site_url() -> str:
    """``PORCH_SITE_URL``: the public address, used in feeds, emails and canonical links."""
    url = env_text("PORCH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(
            f"PORCH_SITE_URL must be an http:// or https:// address, not {url!r}"
        )
    return url


def allowed_hosts(public_url: str) -> list[str]:
    """``PORCH_ALLOWED_HOSTS`` (comma-separated); defaults to the site's host and loopback."""
    raw = env_text("PORCH_ALLOWED_HOSTS")
    if raw:
        return [host.strip() for host in raw.split(",") if host.strip()]
    host = urlsplit(public_url).hostname or "localhost"
    return sorted({host, "127.0.0.1", "localhost", "[::1]"})
