"""The precomputed ordinal table that the lead stores in the database for SQL filters."""

import datetime as dt

D = dt.date


def test_table_starts_with_the_anchor_and_covers_every_day(xinjiang):
    rows = list(xinjiang.ordinals())
    assert rows[0] == (D(2019, 12, 31), None, 0, 0)
    assert rows[1].date == D(2020, 1, 1) and rows[-1].date == D(2026, 12, 31)
    assert len(rows) == (D(2026, 12, 31) - D(2019, 12, 31)).days + 1
    assert all(later.date - earlier.date == dt.timedelta(days=1) for earlier, later in zip(rows, rows[1:]))


def test_ordinal_differences_are_counts(xinjiang):
    table = {row.date: row for row in xinjiang.ordinals()}
    for a, b in [(D(2019, 12, 31), D(2026, 12, 31)), (D(2023, 4, 20), D(2023, 7, 3)), (D(2025, 6, 10), D(2024, 1, 1))]:
        assert table[b].ordinal - table[a].ordinal == xinjiang.count(a, b)


def test_ordinal_rises_exactly_on_working_days(national):
    rows = list(national.ordinals())
    for earlier, later in zip(rows, rows[1:]):
        assert later.is_workday == national.is_workday(later.date)
        assert later.ordinal - earlier.ordinal == int(later.is_workday)
