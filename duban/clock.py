"""Today's date for every rule that depends on it.

``DUBAN_TODAY`` (an ISO date, in the environment or settings) pins the clock: the demo
replays its 2020 plan as of mid-2020, and tests fix the day they reason about.
"""

import os
from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    pinned = getattr(settings, "DUBAN_TODAY", None) or os.environ.get("DUBAN_TODAY")
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(pinned)
    return timezone.localdate()


def now():
    """The current moment, on ``today()``: the time of day is real, the day is the pinned one.

    What is stamped to be compared with due dates (a report's submission) uses this, so that a
    replayed year (the demo's 2020) is not judged against the machine's calendar.
    """
    moment = timezone.localtime()
    day = today()
    if day == moment.date():
        return moment
    return moment.replace(year=day.year, month=day.month, day=day.day)
