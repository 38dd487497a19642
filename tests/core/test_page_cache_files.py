"""The file mode: pages as files under the data dir, served by a real nginx."""

import http.client
import shutil
import socket
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from csp.utils import build_policy
from django.core.management import call_command

from porch.core.headers import permissions_policy
from porch.core.models import SiteSettings
from porch.core.page_cache import page_cache_invalidate
from porch.core.page_cache.files import files_expired_sweep
from porch.core.page_cache.generation import LINK_NAME
from tests.factories import PostFactory

NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
)
needs_nginx = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (Debian: apt-get install nginx-light)"
)


def page_file(settings, host, path):
    current = Path(settings.PAGE_CACHE_DIR) / LINK_NAME
    return current / host / path.strip("/") / "index.html"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_prefix(tmp_path, port, upstream):
    """A whole nginx config around ``porch nginx-config``'s output, in ``tmp_path``."""
    out = StringIO()
    call_command(
        "nginx-config",
        listen=f"127.0.0.1:{port}",
        upstream=upstream,
        stdout=out,
        stderr=StringIO(),
    )
    (tmp_path / "porch.conf").write_text(out.getvalue())
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi")}
    for folder in temp.values():
        folder.mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"""
master_process off;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["uwsgi"]};
    include {tmp_path}/porch.conf;
}}
"""
    )
    return tmp_path / "nginx.conf"


@pytest.mark.django_db
def test_a_cached_page_becomes_a_file_and_invalidation_removes_it(client, settings):
    settings.PAGE_CACHE = "files"
    SiteSettings.current()
    post = PostFactory()
    assert client.get(post.get_absolute_url()).status_code == 200
    written = page_file(settings, "testserver", post.get_absolute_url())
    assert written.read_bytes() == client.get(post.get_absolute_url()).content
    client.get(f"{post.get_absolute_url()}?cpage=1")  # queries stay in memory only
    client.get("/feed/")  # not HTML: nginx would serve it as a page
    assert not (written.parent / "feed").exists()
    page_cache_invalidate("test")
    assert not written.exists()
    root = Path(settings.PAGE_CACHE_DIR)
    current = (root / LINK_NAME).resolve().name
    assert [folder.name for folder in root.glob("gen-*")] == [current]


@pytest.mark.django_db
def test_files_end_when_their_time_passes(client, settings):
    settings.PAGE_CACHE = "files"
    SiteSettings.current()
    post = PostFactory()
    client.get(post.get_absolute_url())
    written = page_file(settings, "testserver", post.get_absolute_url())
    assert written.exists()
    assert not files_expired_sweep(now=time.time() + 60)
    assert written.exists()
    assert files_expired_sweep(now=time.time() + settings.PAGE_CACHE_SECONDS + 1)
    assert not written.exists()


@needs_nginx
@pytest.mark.django_db
def test_the_printed_config_passes_nginx_t(tmp_path):
    config = nginx_prefix(tmp_path, free_port(), "127.0.0.1:8000")
    checked = subprocess.run(  # noqa: S603 (our own nginx and files)
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


@pytest.fixture
def nginx(tmp_path, live_server, settings):
    settings.PAGE_CACHE = "files"
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    config = nginx_prefix(tmp_path, port, upstream)
    server = subprocess.Popen(  # noqa: S603 (our own nginx and files)
        [NGINX, "-p", str(tmp_path), "-c", str(config)]
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@needs_nginx
@pytest.mark.django_db(transaction=True)
def test_nginx_serves_cached_files_and_falls_back_to_porch(nginx, settings):
    SiteSettings.current()
    post = PostFactory(title="Served by nginx")
    url = post.get_absolute_url()
    status, headers, body = get(nginx, url)  # a miss: Porch renders and writes
    assert status == 200
    assert b"Served by nginx" in body
    written = page_file(settings, "127.0.0.1", url)
    assert written.read_bytes() == body
    written.write_bytes(body.replace(b"Served by nginx", b"From the file"))
    status, headers, from_file = get(nginx, url)
    assert status == 200
    assert b"From the file" in from_file
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Frame-Options"] == "DENY"
    # The security headers Porch sends itself, in the order this process builds them.
    assert headers["Content-Security-Policy"] == build_policy()
    assert headers["Permissions-Policy"] == permissions_policy()
    assert "Strict-Transport-Security" not in headers  # an http site
    _, _, own = get(nginx, url, {"Cookie": "porch_comments=x"})
    assert b"Served by nginx" in own  # a writer's page comes from Porch
    _, _, queried = get(nginx, f"{url}?cpage=1")
    assert b"Served by nginx" in queried
    status, _, feed = get(nginx, "/feed/")  # no file: Porch answers
    assert status == 200
    assert b"<rss" in feed
    page_cache_invalidate("test")
    _, _, again = get(nginx, url)
    assert b"Served by nginx" in again


def test_nginx_config_sends_the_sites_security_headers_with_cached_files(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    out = StringIO()
    call_command("nginx-config", stdout=out, stderr=StringIO())
    lines = {line.strip() for line in out.getvalue().splitlines()}
    assert f'add_header Content-Security-Policy "{build_policy()}" always;' in lines
    assert "frame-ancestors 'none'" in build_policy()
    assert f'add_header Permissions-Policy "{permissions_policy()}" always;' in lines
    assert (
        'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" '
        "always;"
    ) in lines
