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
