"""Settings for the test suite: production settings with a throwaway key, media dir and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DUBAN_SECRET_KEY", "tests-only-not-a-secret")
# The test client and the live test server speak plain HTTP: no redirect to HTTPS, cookies
# that are sent over HTTP.  tests/security/test_deploy.py checks the production defaults.
os.environ.setdefault("DUBAN_SSL_REDIRECT", "0")
os.environ.setdefault("DUBAN_SECURE_COOKIES", "0")

from duban.settings import *  # noqa: E402,F403

# A child process of a test (tests/processes.py) shares its parent's directory.
MEDIA_ROOT = Path(os.environ.get("DUBAN_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="duban-test-files-"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not Django's default in-memory database: there the live
    # server's threads share one cache whose table locks fail at once instead of waiting.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="duban-test-db-")) / "test.sqlite3")}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; real hashing is Django's job
# Static files straight from the finders, as in development: production's hashed names need a
# `collectstatic` first (tests/operations/test_server.py runs that under gunicorn).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True
