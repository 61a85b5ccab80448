"""Settings for the test suite: production settings with a throwaway key, media dir and fast hashing."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DUBAN_SECRET_KEY", "tests-only-not-a-secret")
# The test client and the live test server speak plain HTTP: no redirect to HTTPS, cookies
# that are sent over HTTP.  tests/security/test_deploy.py checks the production defaults.
os.environ.setdefault("DUBAN_SSL_REDIRECT", "0")
os.environ.setdefault("DUBAN_SECURE_COOKIES", "0")


def _scratch() -> Path:
    """One scratch directory per test run, removed when the run ends: the uploaded files and the
    SQLite test database go there.  A child process of a test (tests/processes.py) inherits it
    through the environment and neither makes nor removes one (each child made two that were
    never removed: a run left dozens of empty duban-test-* directories in the temporary folder)."""
    inherited = os.environ.get("DUBAN_TEST_SCRATCH")
    if inherited:
        return Path(inherited)
    made = Path(tempfile.mkdtemp(prefix="duban-test-"))
    os.environ["DUBAN_TEST_SCRATCH"] = str(made)
    atexit.register(shutil.rmtree, made, ignore_errors=True)
    return made


SCRATCH = _scratch()
# What the settings would make in the project (var/: the SQLite default, collected static files)
# goes there too.
os.environ.setdefault("DUBAN_VAR_DIR", str(SCRATCH / "var"))

from duban.settings import *  # noqa: E402,F403

# A child process of a test shares its parent's files (a test may point them elsewhere).
MEDIA_ROOT = Path(os.environ.get("DUBAN_TEST_MEDIA_ROOT") or SCRATCH / "files")
MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not Django's default in-memory database: there the live
    # server's threads share one cache whose table locks fail at once instead of waiting.
    DATABASES["default"]["TEST"] = {"NAME": str(SCRATCH / "test.sqlite3")}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; real hashing is Django's job
# Static files straight from the finders, as in development: production's hashed names need a
# `collectstatic` first (tests/operations/test_server.py runs that under gunicorn).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True
