"""Reminders as a background task: what the daily timer hands the worker (``duban remind --enqueue``).

As a task the day's run is recorded (when, by which worker, how many reminders per job, or the
traceback) and survives a worker that dies under it: it is run again (duban/jobs/reaping.py),
which is safe because every reminder is sent once per key.
"""

from datetime import date

from duban.clock import today
from duban.jobs.interface import task

from .reminders import run_all


@task()
def send_reminders(day: str | None = None) -> dict[str, int]:
    """Every app's reminders for ``day`` (ISO date; default: the day the task runs)."""
    return run_all(date.fromisoformat(day) if day else today())
