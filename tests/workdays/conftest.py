"""Fixtures for the working-day engine: the two packaged calendars (pure Python, no database)."""

import pytest

from duban.workdays.engine import load_calendar


@pytest.fixture(scope="session")
def national():
    return load_calendar("national")


@pytest.fixture(scope="session")
def xinjiang():
    return load_calendar("xinjiang")

