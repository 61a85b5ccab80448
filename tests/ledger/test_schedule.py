"""The office sets when reports are due; the cycles follow."""

from datetime import date

import pytest
from django.urls import reverse

from duban.ledger.models import Report
from duban.ledger.schedule import ScheduleError, update_schedule
from duban.workdays.engine import load_calendar


def dues(plan) -> dict[str, date]:
    return dict(plan.cycles.values_list("label", "due"))


def test_the_default_is_monthly_on_the_25th(plan):
    assert len(dues(plan)) == 12
    assert dues(plan)["2020年6月"] == date(2020, 6, 25)


def test_a_new_due_day_moves_every_cycle(plan):
    update_schedule(plan, due_day=20)
    assert dues(plan)["2020年6月"] == date(2020, 6, 20)


def test_the_third_working_day_of_the_next_month_counts_the_holidays(plan):
    """September 2020 is due on the 3rd working day of October: 10/9 Fri, 10/10 调休 Sat, then Mon 10/12."""
    update_schedule(plan, workday_calendar=load_calendar("xinjiang"), due_workday=3)
    assert dues(plan)["2020年9月"] == date(2020, 10, 12)
    assert dues(plan)["2020年6月"] == date(2020, 7, 3)


def test_quarterly_cycles(plan):
    update_schedule(plan, frequency="quarterly")
    assert dues(plan) == {
        "2020年第一季度": date(2020, 3, 25), "2020年第二季度": date(2020, 6, 25),
        "2020年第三季度": date(2020, 9, 25), "2020年第四季度": date(2020, 12, 25),
    }


def test_the_frequency_is_fixed_once_reports_exist(lead_report, plan):
    with pytest.raises(ScheduleError, match="不能再修改报送周期"):
        update_schedule(plan, frequency="quarterly")
    assert len(dues(plan)) == 12 and Report.objects.filter(pk=lead_report.pk).exists()


def test_only_the_office_sets_the_schedule(client, liaison, office, plan):
    url = reverse("ledger:schedule", args=[plan.pk])
    client.force_login(liaison)
    assert client.post(url, {"frequency": "monthly", "due_day": 10}).status_code == 403
    client.force_login(office)
    form = {"frequency": "monthly", "due_day": 10, "due_workday": "", "starts_on": "2020-01-01",
            "remind_days": 3, "warning_days": 15, "meeting_frequency": "quarterly"}
    assert client.post(url, form).status_code == 302
    assert dues(plan)["2020年6月"] == date(2020, 6, 10)


def test_a_zone_rest_day_moves_the_working_day_due_dates_at_once(client, office, plan, zone):
    """June 2020 is due on the 3rd working day of July (Fri 7/3); the office makes Thu 7/2 a zone
    rest day, and the cycle is due on Mon 7/6 without anyone touching the schedule."""
    from duban.workdays import editing
    from duban.workdays.engine import Entry

    update_schedule(plan, due_workday=3)
    assert dues(plan)["2020年6月"] == date(2020, 7, 3)
    row = editing.add_entry(layer="zone", zone=zone, entry=Entry(date(2020, 7, 2), "rest", "停电检修", "管委会通知（测试）"))
    assert dues(plan)["2020年6月"] == date(2020, 7, 6)
    editing.delete_entry(row)
    assert dues(plan)["2020年6月"] == date(2020, 7, 3)
    # Xinjiang's 2020 festivals are not entered: the schedule page says the dates may still move.
    client.force_login(office)
    page = client.get(reverse("ledger:schedule", args=[plan.pk])).text
    assert "2020年7月3日 <span class=\"provisional\" title=\"新疆 2020 年" in page


def test_a_calendar_edit_leaves_day_of_month_due_dates_alone(plan, zone):
    from duban.workdays import editing
    from duban.workdays.engine import Entry

    editing.add_entry(layer="zone", zone=zone, entry=Entry(date(2020, 6, 25), "rest", "停电检修", "管委会通知（测试）"))
    assert dues(plan)["2020年6月"] == date(2020, 6, 25)
