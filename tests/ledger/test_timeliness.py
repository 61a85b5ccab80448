"""Timeliness of the ledger, on a small plan whose every figure is worked out by hand below.

The plan (2020, monthly cycles due on the 25th, reported from 2020年1月1日):
  一、1  lead 经发局, cooperating 规建局
  一、2  lead 规建局, cooperating 各部门 (so every other department of the zone owes a report)
As of 2020年3月10日 the January and February cycles are owed (due 1月25日 and 2月25日).
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.ledger import flow
from duban.ledger.cycles import ensure_cycles
from duban.ledger.models import ItemStatus, Report, ReportTransition
from duban.ledger.timeliness import DepartmentTimeliness, ranked, timeliness
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Assignment, Item

PLAN = """准东开发区2020年报送及时率测试方案
一、主要任务
（一）测试任务
具体任务：1、第一项工作。
牵头部门：经发局
配合部门：规建局
2、第二项工作。
牵头部门：规建局
配合部门：各部门
"""

AS_OF = date(2020, 3, 10)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def small_plan(zone, office):
    plan = import_plan(preview_import(zone, PLAN.encode(), "small.txt"), user=office).plan
    schedule = plan.schedule
    schedule.starts_on = date(2020, 1, 1)
    schedule.save()
    ensure_cycles(plan)
    return plan


@pytest.fixture
def file_report(small_plan, office):
    """File (submit) a report of ``department`` on item ``number`` for ``label``, first submitted on ``day``."""

    def file(number: str, department: str, label: str, day: date, state=Report.State.SUBMITTED, **fields):
        item = Item.objects.get(task__plan=small_plan, number=number)
        dept = small_plan.zone.departments.get(name=department)
        assignment = (item.assignments.filter(department=dept).first()
                      or item.assignments.get(department__isnull=True))
        return Report.objects.create(
            zone=small_plan.zone, assignment=assignment, department=dept, item=item,
            cycle=small_plan.cycles.get(label=label), is_lead=assignment.role == Assignment.Role.LEAD,
            created_by=office, state=state, submitted_at=at(day), **fields,
        )

    return file


def test_owed_on_time_late_and_missing_per_department(small_plan, file_report):
    others = small_plan.zone.departments.exclude(name__in=["经发局", "规建局"]).count()
    # 经发局: lead on 1 (Jan on time, Feb late), one of 各部门 on 2 (Jan on time, Feb missing).
    file_report("1", "经发局", "2020年1月", date(2020, 1, 20))
    file_report("1", "经发局", "2020年2月", date(2020, 2, 27))
    file_report("2", "经发局", "2020年1月", date(2020, 1, 25))  # on the due day: on time
    # 规建局: cooperating on 1 (both on time), lead on 2 (Jan on time; Feb filed, returned, never refiled).
    file_report("1", "规建局", "2020年1月", date(2020, 1, 2))
    file_report("1", "规建局", "2020年2月", date(2020, 2, 3))
    file_report("2", "规建局", "2020年1月", date(2020, 1, 24))
    file_report("2", "规建局", "2020年2月", date(2020, 2, 20), state=Report.State.RETURNED)

    result = timeliness(small_plan, AS_OF)
    jingfa = result.of(small_plan.zone.departments.get(name="经发局").pk)
    assert (jingfa.due, jingfa.on_time, jingfa.late, jingfa.missing) == (4, 2, 1, 1)
    assert jingfa.rate == 0.5
    assert (jingfa.lead_due, jingfa.lead_on_time, jingfa.cooperating_due, jingfa.cooperating_filed) == (2, 1, 2, 1)

    guijian = result.of(small_plan.zone.departments.get(name="规建局").pk)
    # The returned February report does not stand filed: it is missing.
    assert (guijian.due, guijian.on_time, guijian.late, guijian.missing) == (4, 3, 0, 1)

    # Every other department owes item 2 for January and February and filed nothing.
    assert result.due == 4 + 4 + 2 * others
    assert result.on_time == 2 + 3
    january, february = result.cycles
    assert (january.cycle.label, january.due, january.on_time, january.late) == ("2020年1月", 4 + others, 4, 0)
    assert (february.due, february.on_time, february.late, february.missing) == (4 + others, 1, 1, 2 + others)

    # Ranked by rate: 规建局 (3/4) before 经发局 (2/4) before those with nothing on time.
    assert [d.department.name for d in result.departments[:2]] == ["规建局", "经发局"]
    assert result.departments[2].rate == 0


def test_a_cycle_is_owed_only_after_its_due_date(small_plan):
    result = timeliness(small_plan, date(2020, 1, 25))
    assert result.due == 0 and result.rate is None
    assert timeliness(small_plan, date(2020, 1, 26)).cycles[0].cycle.label == "2020年1月"


def test_first_submission_counts_through_returns_and_corrections(small_plan, file_report, office):
    # Submitted on time in January, sent back, filed again in February: still on time (quality is
    # counted separately, by the return).
    report = file_report("1", "经发局", "2020年1月", date(2020, 1, 20), state=Report.State.APPROVED)
    flow.transition(report, ReportTransition.Action.RETURN, office, "请补充佐证材料")
    report.refresh_from_db()
    report.state = Report.State.SUBMITTED
    report.save()

    jingfa = timeliness(small_plan, AS_OF).of(report.department_id)
    january = next(f for f in jingfa.filings if f.cycle.label == "2020年1月" and f.obligation.is_lead)
    assert january.on_time and january.filed_on == date(2020, 1, 20) and january.report_id == report.pk
    assert jingfa.returned == 1


def test_a_done_item_owes_nothing_after_its_last_done_cycle(small_plan, file_report):
    file_report("1", "经发局", "2020年1月", date(2020, 1, 20), state=Report.State.ACCEPTED,
                self_status=Report.SelfStatus.DONE)
    item = Item.objects.get(task__plan=small_plan, number="1")
    ItemStatus.objects.filter(item=item).update(colour=ItemStatus.Colour.GREEN, done=True)

    jingfa = timeliness(small_plan, AS_OF).of(item.zone.departments.get(name="经发局").pk)
    lead_filings = [f for f in jingfa.filings if f.obligation.is_lead]
    assert [f.cycle.label for f in lead_filings] == ["2020年1月"]  # February no longer owed
    guijian = timeliness(small_plan, AS_OF).of(item.zone.departments.get(name="规建局").pk)
    assert not any(f.obligation.item.pk == item.pk and f.cycle.label == "2020年2月" for f in guijian.filings)


def test_submission_is_stamped_on_duban_clock(small_plan, file_report, office, pinned):
    pinned(date(2020, 2, 24))
    report = file_report("1", "经发局", "2020年2月", date(2020, 2, 24), state=Report.State.DRAFT)
    Report.objects.filter(pk=report.pk).update(submitted_at=None)
    report.refresh_from_db()
    flow.transition(report, ReportTransition.Action.SUBMIT, office)
    report.refresh_from_db()
    assert timezone.localtime(report.submitted_at).date() == date(2020, 2, 24)
    february = next(f for f in timeliness(small_plan, AS_OF).of(report.department_id).filings
                    if f.cycle.label == "2020年2月" and f.obligation.is_lead)
    assert february.on_time


def test_query_count_does_not_grow_with_the_data(small_plan, file_report):
    with CaptureQueriesContext(connection) as few:
        timeliness(small_plan, AS_OF)
    for label, day in (("2020年1月", date(2020, 1, 3)), ("2020年2月", date(2020, 2, 3))):
        for number, department in (("1", "经发局"), ("1", "规建局"), ("2", "规建局"), ("2", "财政局")):
            file_report(number, department, label, day)
    with CaptureQueriesContext(connection) as many:
        timeliness(small_plan, AS_OF)
    assert len(many) == len(few) <= 8


def test_places_equal_rates_with_more_missing_behind_ties_shared_those_owing_nothing_none(zone):
    departments = list(zone.departments.all()[:4])

    def entry(department, on_time: int, late: int, missing: int) -> DepartmentTimeliness:
        # Filings stand in for what timeliness counts: only their kind matters here.
        class Filing:
            def __init__(self, kind):
                self.on_time, self.late, self.missing = kind == "on", kind == "late", kind == "missing"

        return DepartmentTimeliness(department, [Filing("on")] * on_time + [Filing("late")] * late
                                    + [Filing("missing")] * missing)

    places = ranked([
        entry(departments[3], 0, 0, 0),  # owed nothing yet
        entry(departments[2], 0, 0, 1),
        entry(departments[1], 1, 0, 1),  # 50 %, one missing: behind, a place of its own
        entry(departments[0], 1, 1, 0),  # 50 %, none missing
    ])
    assert [(p.department, p.rank) for p in places] == [
        (departments[0], 1), (departments[1], 2), (departments[2], 3), (departments[3], None)]
    # Equal on rate and missing: one place shared, and the next place counts both (1, 1, 3).
    tied = ranked([entry(departments[0], 1, 1, 0), entry(departments[1], 1, 1, 0), entry(departments[2], 0, 1, 0)])
    assert [p.rank for p in tied] == [1, 1, 3]
