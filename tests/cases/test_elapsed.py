"""Elapsed working days of cases, through the database: receipt day not counted, holidays and
make-up days as the notices say, Xinjiang's own festivals, clock stops excluded."""

from datetime import date

import pytest

from duban.cases.queries import case_measure, measure_zone


def elapsed_of(case, today=date(2024, 1, 1)) -> int:
    return case_measure(case, today)["elapsed"]


def test_spring_festival_2020_with_its_extension_and_the_make_up_sunday(gas, make_case):
    # 1/19 (Sunday) was a 调休 working day; 1/24–2/2 off (extended by 国办发明电〔2020〕1号).
    assert elapsed_of(make_case(gas, "2020-01-23", "2020-02-03")) == 1
    assert elapsed_of(make_case(gas, "2020-01-17", "2020-02-03")) == 6  # 1/19, 1/20–1/23, 2/3


def test_national_day_2020_counts_the_make_up_weekend_days(gas, make_case):
    # 9/27 (Sunday) and 10/10 (Saturday) are working days; 10/1–10/8 are not.
    case = make_case(gas, "2020-09-25", "2020-10-12")
    assert elapsed_of(case) == 7  # 9/27, 9/28, 9/29, 9/30, 10/9, 10/10, 10/12


def test_corban_2023_is_a_holiday_only_on_the_xinjiang_calendar(zone, water, gas, make_case):
    # 古尔邦节 2023: 6/28–6/30 off in Xinjiang (自治区通知 2022-12-25); working days elsewhere.
    national = make_case(gas, "2023-06-26", "2023-07-03")
    xinjiang = make_case(water, "2023-06-26", "2023-07-03")
    assert elapsed_of(national) == 5
    assert elapsed_of(xinjiang) == 2  # 6/27 and 7/3


def test_year_boundary_and_a_provisional_regional_year(water, gas, make_case):
    # 2021 元旦: 1/1–1/3 off.  Xinjiang's 2021 festivals are not entered: the count is provisional.
    national = case_measure(make_case(gas, "2020-12-31", "2021-01-04"), date(2021, 2, 1))
    xinjiang = case_measure(make_case(water, "2020-12-31", "2021-01-04"), date(2021, 2, 1))
    assert (national["elapsed"], national["provisional"]) == (1, False)
    assert (xinjiang["elapsed"], xinjiang["provisional"]) == (1, True)
    assert xinjiang["provisional_reasons"] == ["新疆 2021 年少数民族节日未录入"]


def test_the_day_of_receipt_is_not_counted_whatever_the_hour(gas, make_case):
    assert elapsed_of(make_case(gas, "2020-06-01", "2020-06-01")) == 0
    assert elapsed_of(make_case(gas, "2020-06-01", "2020-06-02")) == 1


def test_clock_stops_exclude_their_working_days_clipped_to_the_case(gas, make_case):
    # 6/1 → 6/15 (2020) is 10 working days; 补正 6/3–6/9 excludes 6/4, 6/5, 6/8, 6/9.
    case = make_case(gas, "2020-06-01", "2020-06-15", stops=[("补正", "2020-06-03", "2020-06-09")])
    measure = case_measure(case, date(2020, 7, 1))
    assert (measure["elapsed"], measure["stopped"]) == (6, 4)
    # A stop that began before receipt only counts from receipt: (6/1, 6/2] = 1 day.
    early = make_case(gas, "2020-06-01", "2020-06-15", stops=[("现场勘查", "2020-05-28", "2020-06-02")])
    assert elapsed_of(early) == 9
    # Two stops of one case both count.
    two = make_case(gas, "2020-06-01", "2020-06-15",
                    stops=[("补正", "2020-06-03", "2020-06-04"), ("公示", "2020-06-10", "2020-06-12")])
    assert elapsed_of(two) == 10 - 1 - 2



def test_overlapping_stops_count_their_union_once(zone, gas, make_case):
    """Imports refuse overlaps, but a pair entered elsewhere (the admin) must not count a day twice."""
    # 补正 6/3–6/9 (4 working days) twice, and a 公示 6/5–6/10 inside and beyond it: the union is
    # (6/3, 6/10], 5 working days of the 10.
    case = make_case(gas, "2020-06-01", "2020-06-15", stops=[
        ("补正", "2020-06-03", "2020-06-09"), ("补正", "2020-06-03", "2020-06-09"), ("公示", "2020-06-05", "2020-06-10")])
    alone = make_case(gas, "2020-06-01", "2020-06-15", stops=[("补正", "2020-06-03", "2020-06-10")])
    assert elapsed_of(case) == elapsed_of(alone) == 5
    assert case_measure(case, date(2020, 7, 1))["stopped"] == 5
    # The same over the zone's cases together, each case's stops kept apart from the others'.
    plain = make_case(gas, "2020-06-01", "2020-06-15")
    measured = measure_zone(zone, date(2020, 7, 1), [gas])
    assert [int(measured.result.elapsed[measured.row(c.pk)]) for c in (case, alone, plain)] == [5, 5, 10]


def test_open_cases_count_to_today_and_show_days_left_or_overdue(gas, make_case):
    near = make_case(gas, "2020-07-08")
    late = make_case(gas, "2020-07-01")
    today = date(2020, 7, 10)  # Friday
    m_near, m_late = case_measure(near, today), case_measure(late, today)
    assert (m_near["elapsed"], m_near["days_left"], m_near["overdue"]) == (2, 1, False)
    assert (m_late["elapsed"], m_late["days_left"], m_late["overdue"]) == (7, -4, True)


def test_calendar_day_limits_count_calendar_days(zone, make_case):
    from duban.cases.models import ServiceType

    natural = ServiceType.objects.create(zone=zone, name="临时占道", limit_value=5, limit_unit="自然日")
    case = make_case(natural, "2020-09-30", "2020-10-08", stops=[("公示", "2020-10-01", "2020-10-03")])
    assert elapsed_of(case) == 8 - 2


def test_measures_per_service_type(gas, make_case):
    for received, completed, rating, steps in [("2020-06-01", "2020-06-02", 5, 2), ("2020-06-01", "2020-06-03", 4, 3),
                                               ("2020-06-01", "2020-06-04", 3, 3), ("2020-06-01", "2020-06-08", 1, 5)]:
        make_case(gas, received, completed, rating=rating, steps=steps)
    make_case(gas, "2020-06-01", None)  # open and overdue by 7/10
    summary = measure_zone(gas.zone, date(2020, 7, 10)).by_type()[gas.pk]
    assert (summary.count, summary.completed, summary.open) == (5, 4, 1)
    assert summary.median == 2.5 and summary.p90 == 5 and summary.max == 5
    # decided: 4 completed (3 within ≤ 3 days) + 1 open overdue
    assert summary.within_share == pytest.approx(3 / 5)
    assert summary.satisfaction_rate == pytest.approx(2 / 4)
    assert summary.mean_steps == pytest.approx(13 / 4)
