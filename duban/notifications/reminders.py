"""The reminder jobs of every app, run together by ``duban remind``.

Notifications sits below every app, so it cannot import them; instead each app
registers its job here in its AppConfig.ready().  A job takes the day to run for
and returns how many notifications it created; it must be idempotent (notify()
is, by key), because cron runs it again and again.
"""

from collections.abc import Callable
from datetime import date

ReminderJob = Callable[[date], int]

_jobs: dict[str, ReminderJob] = {}


def register(name: str, job: ReminderJob) -> None:
    _jobs[name] = job


def run_all(day: date) -> dict[str, int]:
    """Run every registered job for ``day``; returns notifications created per job."""
    return {name: job(day) for name, job in _jobs.items()}
