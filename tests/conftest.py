import os
import socket
import uuid
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.core.cache import caches

from tests.chromium import CHROMIUM_ARGS, chromium_path
from tests.processes import processes_kill, processes_with_environment


# One Chromium per test process, for tests/browser and tests/security alike: a
# second sync Playwright in the same process refuses to start.
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop; Django must allow ORM calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches, so cached settings never leak."""
    for alias in ("default", "discussion", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "discussion", "pages"):
        caches[alias].clear()


class SmtpInbox:
    """What a real SMTP server on loopback received: one envelope per message."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpInbox]:
    """A real aiosmtpd server on 127.0.0.1 and a free port; Django's SMTP backend
    is pointed at it for the test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


# Every process the suite starts inherits this variable (test helpers that clean the
# environment drop only PORCH_* and Django's variables), so one left running after
# the last test is found by it, even once it has lost its parent.
RUN_VARIABLE = "SUITE_RUN_ID"
LEFT_RUNNING_GRACE_SECONDS = 10


def pytest_configure(config: pytest.Config) -> None:
    # xdist's workers keep their controller's value: it checks once they are gone.
    os.environ.setdefault(RUN_VARIABLE, f"{os.getpid()}-{uuid.uuid4().hex}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run, loudly, when a process it started is still running."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller checks after stopping the workers
    marker = f"{RUN_VARIABLE}={os.environ[RUN_VARIABLE]}"
    left = processes_with_environment(marker, within=LEFT_RUNNING_GRACE_SECONDS)
    if not left:
        return
    lines = [f"  {pid}: {command}" for pid, command in sorted(left.items())]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "The test run left processes running (now killed):\n" + "\n".join(lines)
    if reporter is not None:
        reporter.write_sep("!", "processes left running", red=True, bold=True)
        reporter.write_line(message)
    processes_kill(set(left))
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
