"""Two ``porch serve`` processes on one database and one Redis: one site, not two.

A page cached through one server is the page the other serves; a comment approved
in another process ends it for both; a rate limit reached through one counts on the
other. Runs when ``PORCH_TEST_REDIS_URL`` names a Redis database (CI sets it); the
database is one SQLite file both servers open.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.core.test_cli import (
    PASSWORD,
    PORCH,
    ServerLog,
    first_answer,
    free_port,
    porch,
    porch_env,
)

REDIS_URL = os.environ.get("PORCH_TEST_REDIS_URL", "")
STOP_SECONDS = 30
# Every process of the site, the servers and the shell alike, shares the cache.
SITE_VARIABLES = {"PORCH_CACHE_URL": REDIS_URL, "PORCH_SENTENCE_MODEL": "off"}

pytestmark = pytest.mark.skipif(
    not REDIS_URL,
    reason="set PORCH_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to run two "
    "servers on one Redis",
)


class Server:
    """One ``porch serve`` on a loopback port, in a process group of its own."""

    def __init__(self, data_dir: Path, **variables: str) -> None:
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 (our own command)
            [PORCH, "serve", "--port", str(self.port), "--workers", "1", "--no-worker"],
            env=porch_env(data_dir, **variables),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a stuck server's children can go with it
        )
        assert self.process.stderr is not None
        self.log = ServerLog(self.process.stderr)

    def ready(self) -> None:
        status, _ = first_answer(f"{self.origin}/", self.process, self.log)
        assert status == 200, self.log.text()

    def request(
        self,
        method: str,
        path: str,
        *,
        host: str = "",
        form: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": host or f"127.0.0.1:{self.port}"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://{headers['Host']}",
            }
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_SECONDS)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Server, Server, str]]:
    """Servers A and B on one fresh site with one post; the post's slug."""
    done = porch(
        tmp_path, "init", "--no-input", "--site-name", "Two Doors",
        "--admin-email", "host@two-doors.example", "--admin-password", PASSWORD,
        **SITE_VARIABLES,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # A slug of its own: Redis may still hold pages from an earlier run.
    slug = f"two-doors-{uuid.uuid4().hex[:12]}"
    site_shell(tmp_path, POST_AND_HELD_COMMENT.format(slug=slug))
    servers: list[Server] = []
    try:
        for _ in range(2):  # one after the other: the first collects static files
            servers.append(Server(tmp_path, **SITE_VARIABLES))
            servers[-1].ready()
        yield servers[0], servers[1], slug
    finally:
        for server in servers:
            server.stop()
    assert [server.process.returncode for server in servers] == [0, 0]


def site_shell(data_dir: Path, code: str) -> None:
    done = porch(
        data_dir, "manage", "shell", "--no-imports", "-c", code, **SITE_VARIABLES
    )
    assert done.returncode == 0, done.stderr


POST_AND_HELD_COMMENT = """
from datetime import timedelta
from django.utils import timezone
from porch.blog.models import Post
from porch.comments.models import Comment, thread_path
from porch.people.models import Person
person = Person.objects.create(display_name="Maren Olsen", slug="maren")
post = Post.objects.create(
    title="Walking beside the team", slug="{slug}", author=person,
    body="A team moves faster when the person in charge walks beside it.",
    status=Post.Status.PUBLISHED, publish_at=timezone.now() - timedelta(days=1),
)
held = Comment.objects.create(
    post=post, body="Held for a moderator, then approved.",
    body_html="<p>Held for a moderator, then approved.</p>",
    author_name="Bea Holm", author_email="bea@tern.example",
    status=Comment.Status.PENDING,
)
held.path = thread_path(parent=None, pk=held.pk)
held.save(update_fields=["path"])
"""

APPROVE = """
from django.contrib.auth import get_user_model
from porch.comments.models import Comment
from porch.desk.services.comments import comment_moderate
comment = Comment.objects.get(author_email="bea@tern.example")
host = get_user_model().objects.get(username="host")
comment_moderate(comment=comment, actor=host, action="approve", notify=False)
"""

RETITLE_UNSEEN = """
from porch.blog.models import Post
Post.objects.update(title="Retitled without a signal")
"""


def test_a_comment_approved_elsewhere_ends_the_page_both_servers_cached(site, tmp_path):
    server_a, server_b, slug = site
    path = f"/posts/{slug}/"
    status, page = server_b.request("GET", path)
    assert status == 200
    assert "Walking beside the team" in page
    assert "Held for a moderator" not in page
    # A change no signal reports leaves the cached page as it was, through B and,
    # asked for B's address, through A: one cache, in Redis, for both processes.
    site_shell(tmp_path, RETITLE_UNSEEN)
    assert "Walking beside the team" in server_b.request("GET", path)[1]
    b_host = f"127.0.0.1:{server_b.port}"
    assert "Walking beside the team" in server_a.request("GET", path, host=b_host)[1]

    site_shell(tmp_path, APPROVE)  # a third process: neither server saw it

    status, page = server_b.request("GET", path)
    assert status == 200
    assert "Held for a moderator, then approved." in page
    assert "Retitled without a signal" in page


def test_a_rate_limit_reached_through_one_server_holds_on_the_other(site):
    server_a, server_b, slug = site
    path = f"/comments/posts/{slug}/comment/"
    sent = [server_a.request("POST", path, form=comment_form(n)) for n in range(5)]
    assert [status for status, _ in sent] == [302] * 5
    status, page = server_b.request("POST", path, form=comment_form(5))
    assert status == 429
    assert "You are commenting too quickly" in page


def comment_form(n: int) -> dict[str, str]:
    return {
        "name": "Cal Reyes",
        "email": "cal@reyes.example",
        "body": f"Thought number {n} on walking beside the team.",
    }
