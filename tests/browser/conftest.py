"""Headless Chromium for the browser tests (Debian's chromium, driven by Playwright).

Playwright's own browser download does not work on a closed network, so the tests
launch the system Chromium by path; where it is missing they skip and say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chromium import chromium_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(
        reason="needs Debian's chromium (apt-get install chromium); CI installs it"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    # A navigation can wait on work the test settings run inline (the immediate task
    # backend refits the moderation adapter inside a desk request); on a loaded 2-core
    # CI machine that took longer than 10 s once.
    opened.set_default_navigation_timeout(30_000)
    yield opened
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot into test-artifacts/ under the given name."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
