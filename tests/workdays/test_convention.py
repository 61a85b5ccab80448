"""The counting convention: count(a, b) = working days d with a < d <= b; add(a, n) = the n-th working day after a."""

import datetime as dt

import pytest

from duban.workdays.engine import CalendarNotCovered

D = dt.date


def test_same_day_counts_zero(national):
    assert national.count(D(2023, 3, 15), D(2023, 3, 15)) == 0
    assert national.count(D(2023, 1, 22), D(2023, 1, 22)) == 0  # a holiday too


def test_day_of_receipt_is_not_counted_and_the_last_day_is(national):
    # Monday 2023-03-13 to Friday 2023-03-17: Tue, Wed, Thu, Fri.
    assert national.count(D(2023, 3, 13), D(2023, 3, 17)) == 4
    assert national.count(D(2023, 3, 13), D(2023, 3, 14)) == 1


def test_reversed_arguments_give_the_negative(national):
    assert national.count(D(2023, 3, 17), D(2023, 3, 13)) == -4
    assert national.count(D(2024, 12, 31), D(2024, 1, 1)) == -national.count(D(2024, 1, 1), D(2024, 12, 31))


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # 2021-01-01 (Fri) 元旦, then a weekend: only Monday 2021-01-04 counts.
        (D(2020, 12, 31), D(2021, 1, 4), 1),
        # 2023 元旦 ran 2022-12-31 (Sat) to 2023-01-02 (Mon): only Tuesday 2023-01-03 counts.
        (D(2022, 12, 30), D(2023, 1, 3), 1),
        # 2026 元旦 1/1–1/3, then Sunday 2026-01-04 is a 调休 working day, then Monday.
        (D(2025, 12, 31), D(2026, 1, 5), 2),
        # Plain crossing: 2024-12-31 (Tue) → 2025-01-01 元旦 → 2025-01-02 (Thu).
        (D(2024, 12, 30), D(2025, 1, 2), 2),
    ],
)
def test_year_boundaries(national, a, b, expected):
    assert national.count(a, b) == expected


def test_start_on_a_holiday(national):
    # 2020 国庆节、中秋节 10/1–10/8; Friday 10/9 is the first working day after it.
    assert national.add(D(2020, 10, 1), 1) == D(2020, 10, 9)
    assert national.count(D(2020, 10, 1), D(2020, 10, 9)) == 1
    assert national.count(D(2020, 10, 1), D(2020, 10, 8)) == 0


def test_start_on_a_makeup_working_day(national):
    # Sunday 2020-09-27 is a 调休 working day: as a start it is not counted, as an end it is.
    assert national.is_workday(D(2020, 9, 27))
    assert national.count(D(2020, 9, 27), D(2020, 9, 28)) == 1
    assert national.count(D(2020, 9, 26), D(2020, 9, 27)) == 1
    assert national.add(D(2020, 9, 26), 1) == D(2020, 9, 27)
    assert national.add(D(2020, 9, 27), 1) == D(2020, 9, 28)


def test_add_zero_is_the_start_itself_even_on_a_holiday(national):
    assert national.add(D(2020, 10, 3), 0) == D(2020, 10, 3)


def test_add_counts_forward_over_holidays(national):
    # After Thursday 2024-09-26: Fri 9/27 (1), Sun 9/29 调休 (2), Mon 9/30 (3), 10/1–10/7 off,
    # 10/8–10/11 (4–7), Sat 10/12 调休 (8), 10/14–18 (9–13), 10/21–25 (14–18), Mon 10/28 (19), Tue 10/29 (20).
    result = national.add(D(2024, 9, 26), 20)
    assert national.count(D(2024, 9, 26), result) == 20
    assert result == D(2024, 10, 29)


def test_add_negative_counts_back(national):
    assert national.add(D(2020, 10, 9), -1) == D(2020, 9, 30)
    assert national.add(D(2020, 10, 5), -1) == D(2020, 9, 30)  # from a holiday
    assert national.add(D(2020, 9, 28), -1) == D(2020, 9, 27)  # lands on a 调休 Sunday
    assert national.count(national.add(D(2020, 10, 9), -5), D(2020, 10, 9)) == 5


def test_the_anchor_day_before_the_first_covered_year(national):
    # 2019-12-31 may start a count (its own status never enters a < d <= b) …
    assert national.anchor == D(2019, 12, 31)
    assert national.count(D(2019, 12, 31), D(2020, 1, 2)) == 1  # 2020-01-01 元旦
    assert national.add(D(2019, 12, 31), 1) == D(2020, 1, 2)
    assert national.count(D(2020, 1, 2), D(2019, 12, 31)) == -1
    # … but its status belongs to 2019, which is not entered.
    with pytest.raises(CalendarNotCovered) as caught:
        national.is_workday(D(2019, 12, 31))
    assert caught.value.year == 2019
    with pytest.raises(CalendarNotCovered):
        national.count(D(2019, 12, 30), D(2020, 1, 2))
    with pytest.raises(CalendarNotCovered):  # the working day before 2020-01-02 is in 2019
        national.add(D(2020, 1, 2), -1)


def test_add_beyond_the_last_covered_year_raises(national):
    assert national.add(D(2026, 12, 30), 1) == D(2026, 12, 31)
    with pytest.raises(CalendarNotCovered) as caught:
        national.add(D(2026, 12, 30), 2)
    assert caught.value.year == 2027


def test_timestamps_are_refused(national):
    # A datetime would hide a time-zone decision (UTC midnight is 08:00 in Beijing): pass the local date.
    with pytest.raises(TypeError):
        national.count(dt.datetime(2023, 3, 13, 9, 0), D(2023, 3, 17))


def test_add_requires_an_integer(national):
    with pytest.raises(TypeError):
        national.add(D(2023, 3, 13), 1.5)
