"""The browser tests' Chromium, shared with tests/browser (skipped where missing)."""

from tests.browser.conftest import browser  # noqa: F401 (a fixture, used by name)
