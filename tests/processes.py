"""Running duban's own commands in a child process against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]


def database_url(settings_dict=None) -> str:
    """The URL of the database the tests run on (the test database, once it is set up)."""
    db = settings_dict or connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(**extra) -> dict:
    """The test settings, pointed at the test database and this process's MEDIA_ROOT (the files a
    child writes are the test's to read), for a child ``python -m duban …``."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
                "DUBAN_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT), **extra})
    return env


def start(*args, env=None, log=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "duban", *args], cwd=PROJECT, env=env or environment(),
                            stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT if log else subprocess.DEVNULL)


def wait_for(condition, seconds: float, what: str):
    """``condition()``'s first true value, asked every 0.05 s; the test fails after ``seconds``.

    Deadlines are generous (minutes): a busy machine makes a worker slow, and only a worker that
    never gets there is a failure.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"等待超时：{what}")
