"""Working days in SQL (the stored ordinal table) agree with the engine's count_many."""

import datetime as dt

import numpy as np
import pytest

from benchmarks.workdays_sql import scratch_pairs
from duban.workdays import editing
from duban.workdays.engine import Entry
from duban.workdays.models import CalendarEntry, StoredCalendar, WorkdayOrdinal
from duban.workdays.services import (
    calendar_for_region,
    calendar_for_zone,
    ordinal_key,
    provisional_days_between,
    workdays_between,
)

D = dt.date


def random_pairs(n: int, seed: int):
    rng = np.random.default_rng(seed)
    low, high = np.datetime64("2019-12-31").astype(np.int64), np.datetime64("2026-12-31").astype(np.int64) + 1
    return (rng.integers(low, high, n).astype("datetime64[D]"), rng.integers(low, high, n).astype("datetime64[D]"))


def sql_counts(key: str, model) -> tuple[np.ndarray, np.ndarray]:
    rows = (
        model.objects.order_by("id")
        .annotate(workdays=workdays_between(key, "start", "end"),
                  provisional=provisional_days_between(key, "start", "end"))
        .values_list("workdays", "provisional")
    )
    workdays, provisional = zip(*rows)
    return np.array(workdays), np.array(provisional) != 0


# The scratch table is created and dropped with DDL, which SQLite refuses inside the test's transaction.
@pytest.mark.parametrize("region", ["national", "xinjiang"])
def test_sql_counts_equal_count_many_on_random_pairs(transactional_db, region):
    starts, ends = random_pairs(3000, seed=len(region))
    calendar = calendar_for_region(region)
    key = ordinal_key(region=region)
    with scratch_pairs(starts, ends) as model:
        workdays, provisional = sql_counts(key, model)
    assert np.array_equal(workdays, calendar.count_many(starts, ends))
    assert np.array_equal(provisional, calendar.provisional_many(starts, ends))
    assert (region == "xinjiang") == provisional.any()


def test_a_zone_with_overrides_gets_its_own_table(transactional_db, zone):
    editing.add_entry(layer="zone", zone=zone, entry=Entry(D(2025, 7, 1), "rest", "停电", "管委会通知（测试）"))
    key = ordinal_key(zone)
    assert key == f"zone:{zone.pk}"
    starts, ends = random_pairs(1000, seed=7)
    with scratch_pairs(starts, ends) as model:
        workdays, _ = sql_counts(key, model)
    assert np.array_equal(workdays, calendar_for_zone(zone).count_many(starts, ends))

    # Its last override deleted, the zone counts on its region's table again and its own is gone.
    editing.delete_entry(CalendarEntry.objects.get(zone=zone))
    assert ordinal_key(zone) == "xinjiang"
    assert not WorkdayOrdinal.objects.filter(key=key).exists()


def test_dates_outside_the_calendar_give_null_never_a_number(db):
    key = ordinal_key(region="national")
    row = WorkdayOrdinal.objects.filter(key=key, date=D(2026, 6, 1))
    assert row.annotate(n=workdays_between(key, "date", D(2027, 1, 4))).values_list("n", flat=True).get() is None
    assert row.annotate(n=workdays_between(key, "date", D(2026, 6, 8))).values_list("n", flat=True).get() == 5


def test_a_table_behind_the_calendar_is_stored_again_before_use(db):
    ordinal_key(region="national")
    # What a new release's data files look like to a database stored by the previous one.
    StoredCalendar.objects.filter(key="national").update(fingerprint="stored-by-the-previous-release")
    WorkdayOrdinal.objects.filter(key="national", date__year=2026).delete()

    key = ordinal_key(region="national")

    stored = dict(WorkdayOrdinal.objects.filter(key=key).values_list("date", "ordinal"))
    assert stored[D(2026, 12, 31)] - stored[D(2025, 12, 31)] == 248
