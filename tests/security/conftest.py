"""The security tests' Chromium is the suite's one browser (tests/conftest.py)."""
