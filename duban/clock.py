"""Today's date for every rule that depends on it.

``DUBAN_TODAY`` (an ISO date, in the environment or settings) pins the clock: the demo
replays its 2020 plan as of its year end, and tests fix the day they reason about.  In settings
it may also be an aware datetime, which pins the moment too: the demo writes each step of its
replayed year at an office hour of its day.
"""

import os
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    pinned = getattr(settings, "DUBAN_TODAY", None) or os.environ.get("DUBAN_TODAY")
    if isinstance(pinned, datetime):
        return timezone.localtime(pinned).date()
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(pinned)
    return timezone.localdate()


def now():
    """The current moment, on ``today()``: the time of day is real, the day is the pinned one (a
    moment pinned in settings is that moment).

    What is stamped to be compared with due dates (a report's submission) uses this, so that a
    replayed year (the demo's 2020) is not judged against the machine's calendar.
    """
    pinned = getattr(settings, "DUBAN_TODAY", None)
    if isinstance(pinned, datetime):
        return timezone.localtime(pinned)
    moment = timezone.localtime()
    day = today()
    if day == moment.date():
        return moment
    return moment.replace(year=day.year, month=day.month, day=day.day)
