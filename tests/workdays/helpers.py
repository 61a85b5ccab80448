"""Small helpers shared by the working-day tests."""

import datetime as dt


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every date from first to last, both included."""
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
