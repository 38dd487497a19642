"""An https site: redirect, HSTS, Secure cookies, a clean ``check --deploy``.

The HTTPS settings come from the real settings module run with an https site's
environment (``https_settings``), then apply to this test's requests.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

import porch.settings
from porch.core.errors import ConfigError
from porch.core.models import SiteSettings
from tests.comments.helpers import form_started
from tests.factories import PostFactory

PORCH = str(Path(sys.executable).with_name("porch"))
HTTPS_NAMES = (
    "SITE_URL",
    "SITE_IS_HTTPS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "PORCH_TRUSTED_PROXIES",
)
PROXY = {"REMOTE_ADDR": "127.0.0.1"}
FROM_HTTPS_PROXY = {**PROXY, "HTTP_X_FORWARDED_PROTO": "https"}
FORM = {
    "name": "Ada",
    "email": "ada@example.com",
    "body": "Leading from the side works for me.",
    "remember": "on",
}


def porch_settings(monkeypatch, **env: str) -> dict[str, object]:
    """Porch's settings module run afresh with ``env``: what a site would get."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("https_site", porch.settings.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in HTTPS_NAMES}


@pytest.fixture
def https_settings(settings, monkeypatch):
    """An https site behind a proxy on 127.0.0.1 that Porch trusts."""
    values = porch_settings(
        monkeypatch,
        PORCH_SITE_URL="https://testserver",
        PORCH_TRUSTED_PROXIES="127.0.0.1",
    )
    for name, value in values.items():
        setattr(settings, name, value)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://testserver"]
    return settings


def test_https_site_defaults(monkeypatch):
    values = porch_settings(monkeypatch, PORCH_SITE_URL="https://blog.example.com")
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    # Without a trusted proxy Porch cannot see https, so it must not redirect.
    assert values["SECURE_SSL_REDIRECT"] is False
    values = porch_settings(monkeypatch, PORCH_TRUSTED_PROXIES="10.0.0.0/8")
    assert values["SECURE_SSL_REDIRECT"] is True


def test_http_site_and_hsts_variable(monkeypatch):
    values = porch_settings(monkeypatch, PORCH_SITE_URL="http://blog.example.com")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is values["SECURE_SSL_REDIRECT"] is False
    with pytest.raises(ConfigError, match="needs an https:// PORCH_SITE_URL"):
        porch_settings(monkeypatch, PORCH_HSTS_SECONDS="600")
    values = porch_settings(
        monkeypatch, PORCH_SITE_URL="https://blog.example.com", PORCH_HSTS_SECONDS="0"
    )
    assert values["SECURE_HSTS_SECONDS"] == 0
    with pytest.raises(ConfigError, match="0 or more seconds, not '-1'"):
        porch_settings(monkeypatch, PORCH_HSTS_SECONDS="-1")


@pytest.mark.django_db
def test_http_requests_are_redirected_and_https_ones_get_hsts(client, https_settings):
    SiteSettings.current()
    post = PostFactory()
    plain = client.get(post.get_absolute_url(), **PROXY)
    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{post.get_absolute_url()}"
    secure = client.get(post.get_absolute_url(), **FROM_HTTPS_PROXY)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Content-Security-Policy" in secure


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [FROM_HTTPS_PROXY, {"REMOTE_ADDR": "192.0.2.7", "HTTP_X_FORWARDED_PROTO": "https"}],
    ids=["trusted proxy", "proxy not listed"],
)
def test_every_cookie_is_secure_on_an_https_site(client, https_settings, headers):
    # A proxy Porch does not trust makes an https request look like http; the
    # redirect is off here as it would be for such a site, and cookies stay Secure.
    https_settings.SECURE_SSL_REDIRECT = False
    SiteSettings.current()
    post = PostFactory()
    form = {**FORM, "started": form_started()}
    response = client.post(
        f"/comments/posts/{post.slug}/comment/",
        form,
        HTTP_ORIGIN="https://testserver",
        **headers,
    )
    login_page = client.get("/admin/login/", **headers)
    assert response.status_code == 302
    cookies = {**login_page.cookies, **response.cookies}
    names = {"csrftoken", "porch_comments", "porch_commenter", "porch_proof"}
    assert names <= set(cookies)
    assert {name: bool(cookies[name]["secure"]) for name in names} == dict.fromkeys(
        names, True
    )


@pytest.mark.django_db
def test_cookies_follow_the_request_on_an_http_site(client):
    SiteSettings.current()
    post = PostFactory()
    form = {**FORM, "started": form_started()}
    response = client.post(f"/comments/posts/{post.slug}/comment/", form)
    assert response.status_code == 302
    assert not response.cookies["porch_comments"]["secure"]


def test_check_deploy_is_clean_for_an_https_site_behind_a_trusted_proxy(tmp_path):
    # A deployment's environment: no PORCH_* or DJANGO_* from the test run (the
    # browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which --deploy rightly refuses).
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORCH_", "DJANGO_"))
    }
    done = subprocess.run(  # noqa: S603 (our own command)
        [PORCH, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **env,
            "PORCH_DATA_DIR": str(tmp_path),
            "PORCH_SITE_URL": "https://blog.example.com",
            "PORCH_TRUSTED_PROXIES": "127.0.0.1",
            "PORCH_SENTENCE_MODEL": "off",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "HTTPS:     Secure cookies, redirect to https, HSTS for 31536000 s, "
        "subdomains included\n"
    ) in done.stdout
    assert "System check identified no issues (1 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


@pytest.mark.django_db
def test_check_says_what_an_https_site_without_a_trusted_proxy_lacks(settings, capsys):
    settings.SITE_IS_HTTPS = True
    settings.SECURE_SSL_REDIRECT = False
    call_command("check")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("HTTPS"))
    assert line == (
        "HTTPS:     Secure cookies; no redirect to https and no HSTS, since without "
        "PORCH_TRUSTED_PROXIES Porch cannot tell https requests from http ones: name "
        "your proxy there, or redirect and send HSTS in the proxy"
    )


@pytest.mark.django_db
def test_a_proxy_porch_does_not_trust_is_reported_once(client, caplog):
    SiteSettings.current()
    untrusted = {"REMOTE_ADDR": "192.0.2.7", "HTTP_X_FORWARDED_PROTO": "https"}
    with caplog.at_level(logging.WARNING, logger="porch.core.https"):
        client.get("/", **untrusted)
        client.get("/", **untrusted)
        client.get("/")
    assert [record.getMessage() for record in caplog.records] == [
        "a request carried X-Forwarded-Proto from an address not listed in "
        "PORCH_TRUSTED_PROXIES, so Porch ignored it and its X-Forwarded-For: if a "
        "proxy of yours sent it, list the proxy there"
    ]
    assert "192.0.2.7" not in caplog.text


@pytest.mark.django_db
def test_https_through_a_trusted_proxy_to_an_http_site_is_reported(
    client, settings, caplog
):
    SiteSettings.current()
    settings.PORCH_TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1/32"),)
    with caplog.at_level(logging.WARNING, logger="porch.core.https"):
        client.get("/", **FROM_HTTPS_PROXY)
    assert caplog.messages == [
        "your proxy forwards https requests but PORCH_SITE_URL is http://: set it "
        "to https:// so cookies are Secure and links use https"
    ]
