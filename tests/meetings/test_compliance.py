"""The rules: which lead departments are behind on meetings, which follow-up actions are overdue."""

import re
from datetime import date

from django.urls import reverse

from duban.meetings.compliance import behind, compliance
from duban.meetings.leads import lead_departments
from duban.meetings.models import Decision

SEED_LEADS = {"经发局", "党政办", "组织部（人社局）", "规建局", "环保局", "市场监管分局", "国土分局"}


def names(departments) -> set[str]:
    return {d.name for d in departments}


def test_the_lead_departments_of_the_seed_plan(plan):
    assert names(lead_departments(plan)) == SEED_LEADS


def test_a_lead_department_without_a_meeting_in_an_ended_quarter_is_behind(plan, make_meeting):
    make_meeting("规建局", date(2020, 3, 10))
    make_meeting("规建局", date(2020, 6, 30))  # the last day of the quarter still counts
    make_meeting("经发局", date(2020, 2, 1))  # nothing in the second quarter
    result = compliance(plan, date(2020, 7, 15))
    assert [p.label for p in result.periods] == ["2020年第一季度", "2020年第二季度"]
    rows = {row.department.name: row for row in result.departments}
    assert (rows["规建局"].held, rows["规建局"].required, rows["规建局"].behind) == (2, 2, False)
    assert rows["经发局"].behind and [p.label for p in rows["经发局"].missing] == ["2020年第二季度"]
    assert names(behind(plan, date(2020, 7, 15))) == SEED_LEADS - {"规建局"}


def test_a_quarter_is_required_only_once_it_has_ended(plan, make_meeting):
    make_meeting("规建局", date(2020, 3, 10))
    assert [p.label for p in compliance(plan, date(2020, 6, 30)).periods] == ["2020年第一季度"]
    assert "规建局" not in names(behind(plan, date(2020, 6, 30)))
    assert "规建局" in names(behind(plan, date(2020, 7, 1)))


def test_a_meeting_hosted_by_another_department_does_not_count(plan, make_meeting):
    make_meeting("经发局", date(2020, 2, 1), attendees=["规建局"])
    assert "规建局" in names(behind(plan, date(2020, 4, 1)))


def test_the_plan_s_meeting_frequency_decides_the_periods(plan, make_meeting):
    plan.schedule.meeting_frequency = "monthly"
    plan.schedule.save()
    make_meeting("规建局", date(2020, 1, 20))
    make_meeting("规建局", date(2020, 3, 5))
    row = next(r for r in compliance(plan, date(2020, 4, 2)).departments if r.department.name == "规建局")
    assert (row.held, row.required) == (2, 3) and [p.label for p in row.missing] == ["2020年2月"]


def test_periods_before_the_schedule_starts_are_not_required(plan):
    plan.schedule.starts_on = date(2020, 5, 1)
    plan.schedule.save()
    assert [p.label for p in compliance(plan, date(2020, 7, 15)).periods] == ["2020年第二季度"]


def test_a_follow_up_action_is_overdue_when_open_past_its_due_date(make_meeting):
    meeting = make_meeting(decisions=[("到期", "水务局", date(2020, 7, 1)), ("记录", None, None)])
    action, note = meeting.decisions.order_by("pk")
    assert not action.is_overdue(date(2020, 7, 1)) and action.is_overdue(date(2020, 7, 2))
    assert not note.is_action and not note.is_overdue(date(2030, 1, 1))
    action.status = Decision.Status.DONE
    assert not action.is_overdue(date(2020, 7, 2))


def test_the_compliance_page_shows_who_is_behind(client, office, liaison, plan, make_meeting, pinned,
                                                 django_assert_max_num_queries):
    pinned(date(2020, 7, 15))
    make_meeting("规建局", date(2020, 3, 10))
    make_meeting("规建局", date(2020, 5, 10))
    make_meeting("经发局", date(2020, 3, 1))
    client.force_login(office)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("meetings:compliance"))
    page = response.text
    assert "推进会议开展情况" in page and "每季度" in page and "截至 2020年7月15日" in page
    assert "6 个牵头部门未按要求召开推进会议" in page
    rows = {re.search(r">([^<>]+)</a></td>", row).group(1): row for row in page.split("<tr")[2:]}
    assert set(rows) == SEED_LEADS
    assert "<td>2 / 2</td>" in rows["规建局"] and "正常" in rows["规建局"] and "未开" not in rows["规建局"]
    assert "<td>1 / 2</td>" in rows["经发局"] and "滞后" in rows["经发局"]
    client.force_login(liaison)
    assert client.get(reverse("meetings:compliance")).status_code == 403
