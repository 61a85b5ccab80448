"""Zone overrides, and layers that cancel a national 调休 working day."""

import datetime as dt
from types import SimpleNamespace

import pytest

from duban.workdays.engine import (
    OFFICIAL,
    REST,
    WORK,
    CalendarDataError,
    CoverageYear,
    Entry,
    Layer,
    WorkdayCalendar,
    load_calendar,
    read_layer,
)

D = dt.date


def test_a_zone_override_turns_a_working_day_into_a_rest_day(xinjiang):
    closure = Entry(D(2023, 5, 8), REST, "园区停电检修", "管委会通知（测试）")
    zone = load_calendar("xinjiang", [closure])
    assert xinjiang.is_workday(D(2023, 5, 8))
    assert not zone.is_workday(D(2023, 5, 8))
    assert zone.count(D(2023, 5, 5), D(2023, 5, 12)) == xinjiang.count(D(2023, 5, 5), D(2023, 5, 12)) - 1
    assert zone.add(D(2023, 5, 5), 1) == D(2023, 5, 6)  # Saturday 5/6 is a national 调休 day
    assert zone.add(D(2023, 5, 6), 1) == D(2023, 5, 9)


def test_a_zone_override_turns_a_weekend_into_a_working_day(national):
    zone = load_calendar("national", [(D(2023, 3, 18), WORK, "集中办件日")])
    assert zone.is_workday(D(2023, 3, 18))
    assert zone.count(D(2023, 3, 17), D(2023, 3, 20)) == 2
    assert national.count(D(2023, 3, 17), D(2023, 3, 20)) == 1


def test_overrides_do_not_touch_the_shared_base_calendar(xinjiang):
    load_calendar("xinjiang", [(D(2023, 5, 8), REST)])
    assert load_calendar("xinjiang") is xinjiang
    assert xinjiang.is_workday(D(2023, 5, 8))


def test_an_override_wins_over_the_regional_layer(xinjiang):
    # A zone that worked on 古尔邦节 2023 (say, a service hall on duty) can say so.
    zone = load_calendar("xinjiang", [(D(2023, 6, 28), WORK, "值班窗口")])
    assert not xinjiang.is_workday(D(2023, 6, 28))
    assert zone.is_workday(D(2023, 6, 28))


def test_overrides_may_be_any_object_with_date_and_kind():
    row = SimpleNamespace(date=D(2024, 7, 1), kind=REST, name="测试", notice="")
    assert not load_calendar("national", [row]).is_workday(D(2024, 7, 1))


def test_an_override_outside_the_covered_span_has_no_effect():
    # A zone may enter 2027 before the State Council does; 2027 still raises until then.
    zone = load_calendar("national", [(D(2027, 1, 4), REST)])
    assert zone.count(D(2019, 12, 31), D(2026, 12, 31)) == load_calendar().count(D(2019, 12, 31), D(2026, 12, 31))


@pytest.mark.parametrize(
    "overrides",
    [
        [(D(2024, 7, 1), "holiday")],  # not rest/work
        [(dt.datetime(2024, 7, 1, 8, 0), REST)],  # a timestamp, not a date
        [(D(2024, 7, 1), REST), (D(2024, 7, 1), WORK)],  # two answers for one day
    ],
)
def test_bad_overrides_are_refused_with_a_clear_error(overrides):
    with pytest.raises(CalendarDataError, match="园区调整"):
        load_calendar("national", overrides)


def regional_layer(*entries: Entry) -> Layer:
    """A hand-built regional layer covering 2024, officially."""
    return Layer(
        "test-region",
        {entry.date: entry for entry in entries},
        {2024: CoverageYear("test-region", 2024, OFFICIAL, "测试通知")},
    )


def test_a_regional_entry_can_cancel_a_national_makeup_working_day(national):
    # As in Xinjiang 2014, when 古尔邦节 fell inside National Day and the region kept the
    # national 调休 Sunday 9/28 and Saturday 10/11 as rest days: the same shape on 2024's
    # 调休 days (Sunday 9/29, Saturday 10/12).
    layer = regional_layer(
        Entry(D(2024, 9, 29), REST, "古尔邦节（取消调休上班）", "测试通知"),
        Entry(D(2024, 10, 12), REST, "古尔邦节（取消调休上班）", "测试通知"),
    )
    region = WorkdayCalendar(read_layer("national"), layer)
    assert national.is_workday(D(2024, 9, 29)) and national.is_workday(D(2024, 10, 12))
    assert not region.is_workday(D(2024, 9, 29)) and not region.is_workday(D(2024, 10, 12))
    assert national.count(D(2024, 9, 27), D(2024, 10, 14)) - region.count(D(2024, 9, 27), D(2024, 10, 14)) == 2
    # Only 2024 is covered by this layer, so the other years are provisional.
    assert region.provisional_reasons(D(2024, 1, 1), D(2024, 12, 31)) == []
    assert region.provisional_reasons(D(2023, 1, 1), D(2023, 12, 31)) == ["test-region 2023 年地区节日未录入"]


def test_a_zone_override_can_cancel_a_national_makeup_working_day(national):
    zone = load_calendar("national", [(D(2024, 9, 29), REST, "取消调休上班")])
    assert not zone.is_workday(D(2024, 9, 29))
    assert zone.count(D(2024, 9, 27), D(2024, 9, 30)) == 1
