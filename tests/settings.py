"""Settings for the test suite: Porch's own, pointed at throwaway places.

The suite runs on SQLite unless ``PORCH_TEST_DATABASE_URL`` names a PostgreSQL
database; it never touches a developer's own data dir or database.
"""

import os
import tempfile

os.environ["PORCH_DATA_DIR"] = tempfile.mkdtemp(prefix="porch-test-")
os.environ["PORCH_DATABASE_URL"] = os.environ.get("PORCH_TEST_DATABASE_URL", "")
os.environ["PORCH_CACHE_URL"] = ""
os.environ["PORCH_EMAIL_URL"] = "memory://"
os.environ["PORCH_SITE_URL"] = "http://testserver"
os.environ["PORCH_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.pop("PORCH_SECRET_KEY", None)
os.environ.pop("PORCH_DEBUG", None)

from porch.settings import *  # noqa: F403

# Tests never collect static files; an empty STATIC_ROOT stops WhiteNoise warning
# "No directory at" each time a test client builds the middleware.
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The learning loop's adapter is off unless a test points it at its own file, so one
# test's moderator decisions never move another test's scores.
MODERATION_ADAPTER_PATH = None
