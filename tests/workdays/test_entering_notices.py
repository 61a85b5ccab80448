"""The office enters a new year's notice in the UI and every calendar counts with it at once."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from duban.workdays.engine import CalendarNotCovered, load_calendar
from duban.workdays.models import CalendarEntry, CalendarRevision, WorkdayOrdinal
from duban.workdays.services import calendar_for_region, calendar_for_zone
from duban.zones.models import Zone

D = dt.date

# The invented 2027 notice of these tests: 元旦 1/1 (Friday) to 1/3 off, Saturday 1/9 a 调休 working day.
NEW_YEAR_2027 = [
    (D(2027, 1, 1), "rest", "元旦"),
    (D(2027, 1, 2), "rest", "元旦"),
    (D(2027, 1, 3), "rest", "元旦"),
    (D(2027, 1, 9), "work", "调休上班（测试）"),
]


def test_entering_the_2027_national_notice_takes_effect_at_once(keeper_client, zone, enter_day, cover_year):
    with pytest.raises(CalendarNotCovered, match="2027 年的国务院节假日安排尚未录入"):
        calendar_for_zone(zone).count(D(2026, 12, 31), D(2027, 1, 11))

    for day, kind, name in NEW_YEAR_2027:
        assert enter_day(keeper_client, "national", day, kind, name).status_code == 302
    # The days wait for the year to be marked entered: a half-entered notice never counts.
    with pytest.raises(CalendarNotCovered):
        calendar_for_zone(zone).count(D(2026, 12, 31), D(2027, 1, 11))

    assert cover_year(keeper_client, "national", 2027).status_code == 302

    calendar = calendar_for_zone(zone)
    # (12/31, 1/11]: 1/4–1/8, the 调休 Saturday 1/9, Monday 1/11.
    assert calendar.count(D(2026, 12, 31), D(2027, 1, 11)) == 7
    assert calendar.add(D(2026, 12, 31), 1) == D(2027, 1, 4)
    # 准东 is a Xinjiang zone and the region's 2027 festivals are not in: provisional, and said so.
    assert calendar.provisional_reasons(D(2026, 12, 31), D(2027, 1, 11)) == ["新疆 2027 年少数民族节日未录入"]
    assert calendar_for_region("national").count(D(2026, 12, 31), D(2027, 1, 11)) == 7


def test_the_ordinal_table_follows_the_new_year_without_being_asked(keeper_client, enter_day, cover_year):
    for day, kind, name in NEW_YEAR_2027:
        enter_day(keeper_client, "national", day, kind, name)
    cover_year(keeper_client, "national", 2027)
    ordinals = dict(WorkdayOrdinal.objects.filter(key="national").values_list("date", "ordinal"))
    assert ordinals[D(2027, 1, 11)] - ordinals[D(2026, 12, 31)] == 7
    assert max(ordinals) == D(2027, 12, 31)


def test_a_zone_override_changes_only_that_zone(office_client, zone, enter_day):
    neighbour = Zone.objects.create(name="五彩湾园区", calendar_region=Zone.Region.XINJIANG)
    day = D(2025, 7, 1)
    assert calendar_for_zone(zone).is_workday(day)

    response = enter_day(office_client, "zone", day, "rest", "园区停电检修", "准东开发区管委会通知（测试）")
    assert response.status_code == 302

    assert not calendar_for_zone(zone).is_workday(day)
    assert calendar_for_zone(zone).count(D(2025, 6, 30), D(2025, 7, 2)) == 1
    assert calendar_for_zone(neighbour).is_workday(day)
    assert calendar_for_region("xinjiang").is_workday(day)
    assert load_calendar("xinjiang").is_workday(day)  # the shipped files are never touched


def test_adding_a_day_in_the_ui_is_audited_with_its_author_as_actor(office_client, office, zone, enter_day,
                                                                    keeper_client, keeper):
    enter_day(office_client, "zone", D(2025, 7, 1), "rest", "园区停电检修", "准东开发区管委会通知（测试）")
    enter_day(keeper_client, "national", D(2027, 1, 1), "rest", "元旦")

    own = CalendarEntry.objects.get(layer="zone")
    log = LogEntry.objects.get_for_object(own).get()
    assert log.action == LogEntry.Action.CREATE and log.actor == office
    assert log.additional_data == {"zone": zone.pk}  # the zone-wide log finds it
    assert "园区停电检修" in str(log.changes)

    shared = CalendarEntry.objects.get(layer="national")
    assert LogEntry.objects.get_for_object(shared).get().actor == keeper


def test_registering_and_withdrawing_a_year_is_audited(cover_year, keeper_client, keeper):
    from duban.workdays.models import CoveredYear

    cover_year(keeper_client, "national", 2027)
    row = CoveredYear.objects.get(layer="national", year=2027)
    created = LogEntry.objects.get_for_object(row).get()
    assert created.action == LogEntry.Action.CREATE and created.actor == keeper
    assert "2027" in str(created.changes) and "official" in str(created.changes)
    keeper_client.post(reverse("workdays:withdraw_year", args=[row.pk]))
    assert not CoveredYear.objects.filter(pk=row.pk).exists()
    withdrawn = LogEntry.objects.get(action=LogEntry.Action.DELETE, object_pk=str(row.pk))
    assert withdrawn.actor == keeper


def test_deleting_a_day_restores_the_shipped_answer_and_is_audited(zone, enter_day, keeper_client, keeper):
    # The keeper overrides a shipped national day (国庆节 2025-10-08, a rest day) by mistake, then undoes it.
    enter_day(keeper_client, "national", D(2025, 10, 8), "work", "误录（测试）")
    assert calendar_for_zone(zone).is_workday(D(2025, 10, 8))

    entry = CalendarEntry.objects.get()
    keeper_client.post(reverse("workdays:delete_entry", args=[entry.pk]))

    assert not calendar_for_zone(zone).is_workday(D(2025, 10, 8))
    deleted = LogEntry.objects.get(action=LogEntry.Action.DELETE)
    assert deleted.actor == keeper and deleted.object_pk == str(entry.pk)


def test_a_cached_calendar_costs_one_query_and_sees_another_process_s_change(
    zone, django_assert_num_queries
):
    day = D(2025, 7, 1)
    assert calendar_for_zone(zone).is_workday(day)
    with django_assert_num_queries(1):  # the revision check, nothing else
        calendar_for_zone(zone)

    # Another process's commit, as this process sees it: new rows and a new revision token,
    # and no signal run here (bulk_create sends none).
    CalendarEntry.objects.bulk_create([CalendarEntry(
        layer="zone", zone=zone, date=day, kind="rest", name="园区停电检修", notice="管委会通知（测试）",
    )])
    CalendarRevision.objects.update(token="changed-by-another-process")

    assert not calendar_for_zone(zone).is_workday(day)
