"""count_many / add_many / provisional_many: input forms, broadcasting, and coverage errors."""

import datetime as dt

import numpy as np
import pytest

from duban.workdays.engine import CalendarNotCovered

D = dt.date


def test_accepts_datetime64_day_numbers_dates_and_iso_strings(national):
    expected = [national.count(D(2024, 2, 8), D(2024, 2, 19))]
    as_datetime64 = (np.array(["2024-02-08"], dtype="datetime64[D]"), np.array(["2024-02-19"], dtype="datetime64[D]"))
    as_day_numbers = tuple(array.astype(np.int64) for array in as_datetime64)
    as_dates = ([D(2024, 2, 8)], [D(2024, 2, 19)])
    as_strings = (["2024-02-08"], ["2024-02-19"])
    as_seconds = tuple(array.astype("datetime64[s]") for array in as_datetime64)
    for starts, ends in (as_datetime64, as_day_numbers, as_dates, as_strings, as_seconds):
        assert national.count_many(starts, ends).tolist() == expected


def test_broadcasts_one_end_against_many_starts(national):
    # "working days since receipt, as of today" for a whole table in one call.
    starts = np.array(["2024-02-01", "2024-02-08", "2024-02-19"], dtype="datetime64[D]")
    today = np.datetime64("2024-02-19")
    assert national.count_many(starts, today).tolist() == [
        national.count(D(2024, 2, 1), D(2024, 2, 19)),
        national.count(D(2024, 2, 8), D(2024, 2, 19)),
        0,
    ]


def test_add_many_returns_datetime64_days(national):
    result = national.add_many(np.array(["2020-01-23", "2020-10-09", "2020-10-03"], dtype="datetime64[D]"), [1, -1, 0])
    assert result.dtype == np.dtype("datetime64[D]")
    assert result.tolist() == [D(2020, 2, 3), D(2020, 9, 30), D(2020, 10, 3)]


def test_add_many_refuses_non_integer_steps(national):
    with pytest.raises(TypeError):
        national.add_many(["2024-01-02"], [1.5])


def test_empty_input(national):
    empty = np.array([], dtype="datetime64[D]")
    assert national.count_many(empty, empty).tolist() == []
    assert national.add_many(empty, np.array([], dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("outside, year", [("2027-01-01", 2027), ("2019-12-30", 2019), ("2031-05-05", 2031)])
def test_any_element_outside_the_span_raises(national, outside, year):
    starts = np.array(["2024-01-02", outside, "2024-01-03"], dtype="datetime64[D]")
    with pytest.raises(CalendarNotCovered) as caught:
        national.count_many(starts, np.datetime64("2024-06-01"))
    assert caught.value.year == year
    with pytest.raises(CalendarNotCovered):
        national.provisional_many(starts, np.datetime64("2024-06-01"))
    with pytest.raises(CalendarNotCovered):
        national.add_many(starts, 1)


def test_add_many_raises_when_a_result_leaves_the_span(national):
    with pytest.raises(CalendarNotCovered) as caught:
        national.add_many(np.array(["2026-12-01", "2024-01-02"], dtype="datetime64[D]"), [40, 1])
    assert caught.value.year == 2027
    with pytest.raises(CalendarNotCovered) as caught:
        national.add_many(np.array(["2020-01-10"], dtype="datetime64[D]"), [-10])
    assert caught.value.year == 2019


def test_missing_dates_are_a_value_error(national):
    with pytest.raises(ValueError, match="NaT"):
        national.count_many(np.array(["2024-01-02", "NaT"], dtype="datetime64[D]"), np.datetime64("2024-06-01"))
