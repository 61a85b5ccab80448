"""Properties of count/add that must hold for any dates, checked against a day-by-day oracle."""

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.workdays.engine import CalendarNotCovered, load_calendar

ANCHOR, LAST = dt.date(2019, 12, 31), dt.date(2026, 12, 31)
CALENDARS = [load_calendar("national"), load_calendar("xinjiang")]

calendars = st.sampled_from(CALENDARS)
dates = st.dates(min_value=ANCHOR, max_value=LAST)
steps = st.integers(min_value=-400, max_value=400)


def oracle_count(calendar, a: dt.date, b: dt.date) -> int:
    """The convention written out: working days d with a < d <= b, one day at a time."""
    if b < a:
        return -oracle_count(calendar, b, a)
    return sum(calendar.is_workday(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))


def working_days_after(calendar, a: dt.date) -> int:
    return calendar.count(a, LAST)


def working_days_before(calendar, a: dt.date) -> int:
    """Working days of the span strictly before a (the anchor itself is never one)."""
    return oracle_count(calendar, ANCHOR, a - dt.timedelta(days=1)) if a != ANCHOR else 0


@given(calendars, dates, dates)
def test_count_matches_the_day_by_day_oracle(calendar, a, b):
    assert calendar.count(a, b) == oracle_count(calendar, a, b)


@given(calendars, dates, dates, dates)
def test_count_is_additive(calendar, a, b, c):
    assert calendar.count(a, b) + calendar.count(b, c) == calendar.count(a, c)


@given(calendars, dates, dates, dates)
def test_count_is_monotonic_in_the_end(calendar, a, b1, b2):
    low, high = sorted((b1, b2))
    assert calendar.count(a, low) <= calendar.count(a, high)


@given(calendars, dates, steps)
def test_add_is_the_inverse_of_count(calendar, a, n):
    try:
        result = calendar.add(a, n)
    except CalendarNotCovered:
        # Only when the span has fewer than |n| working days on that side of a.
        assert abs(n) > (working_days_after(calendar, a) if n > 0 else working_days_before(calendar, a))
        return
    if n >= 0:
        assert calendar.count(a, result) == n
    if n > 0:
        assert calendar.is_workday(result)
        assert calendar.count(a, result - dt.timedelta(days=1)) == n - 1  # the earliest such day
    if n < 0:
        assert result < a and calendar.is_workday(result)
        # The |n|-th working day strictly before a: |n| - 1 working days lie between them.
        assert calendar.count(result, a - dt.timedelta(days=1)) == -n - 1


@given(calendars, dates, st.integers(min_value=1, max_value=400))
def test_add_back_and_forth_returns_to_a_working_day(calendar, a, n):
    if a == ANCHOR or not calendar.is_workday(a):
        return
    try:
        back = calendar.add(a, -n)
    except CalendarNotCovered:
        return
    assert calendar.count(back, a) == n
    assert calendar.add(back, n) == a


@settings(max_examples=50)
@given(calendars, st.lists(st.tuples(dates, dates), min_size=1, max_size=50))
def test_count_many_equals_count(calendar, pairs):
    starts = np.array([a for a, _ in pairs], dtype="datetime64[D]")
    ends = np.array([b for _, b in pairs], dtype="datetime64[D]")
    assert calendar.count_many(starts, ends).tolist() == [calendar.count(a, b) for a, b in pairs]


@settings(max_examples=50)
@given(calendars, st.lists(st.tuples(dates, dates), min_size=1, max_size=50))
def test_provisional_many_equals_provisional_reasons(calendar, pairs):
    starts = [a for a, _ in pairs]
    ends = [b for _, b in pairs]
    expected = [bool(calendar.provisional_reasons(a, b)) for a, b in pairs]
    assert calendar.provisional_many(starts, ends).tolist() == expected


@settings(max_examples=50)
@given(calendars, st.lists(st.tuples(dates, st.integers(min_value=-60, max_value=60)), min_size=1, max_size=50))
def test_add_many_equals_add(calendar, pairs):
    def add_or_none(a, n):
        try:
            return calendar.add(a, n)
        except CalendarNotCovered:
            return None

    expected = [add_or_none(a, n) for a, n in pairs]
    starts = np.array([a for a, _ in pairs], dtype="datetime64[D]")
    ns = np.array([n for _, n in pairs])
    if None in expected:
        try:
            calendar.add_many(starts, ns)
        except CalendarNotCovered:
            return
        raise AssertionError("add_many must raise when any result is outside the span")
    assert calendar.add_many(starts, ns).astype(object).tolist() == expected
