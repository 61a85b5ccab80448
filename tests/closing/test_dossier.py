"""A department's 对账单 shows, per line, what the office reconciles it against, in a fixed number of queries."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.cases.models import Case, ServiceType
from duban.closing.models import Sheet
from duban.closing.dossier import dossiers
from duban.ledger import flow as ledger_flow
from duban.ledger import status
from duban.closing.export import evidence_names
from duban.ledger.models import Evidence, Report
from duban.meetings.models import Meeting
from duban.plans.models import Target
from duban.supervision import notices

from .conftest import YEAR_END

TZ = ZoneInfo("Asia/Shanghai")


def report(obligation_line, user, cycle: str, *, accept_by=None, head=None, progress="进展"):
    """A report of the line's department on its item, filed (and accepted or final when reviewers are given)."""
    made = Report.objects.create(
        zone_id=obligation_line.zone_id, assignment=obligation_line.assignment, department=obligation_line.department,
        item=obligation_line.item, cycle=obligation_line.item.task.plan.cycles.get(label=cycle),
        is_lead=obligation_line.is_lead, created_by=user, progress=progress, completion=100, self_status="done",
    )
    made = ledger_flow.transition(made, ledger_flow.Action.SUBMIT, user)
    if head:
        made = ledger_flow.transition(made, ledger_flow.Action.APPROVE, head)
    if accept_by:
        made = ledger_flow.transition(made, ledger_flow.Action.ACCEPT, accept_by)
    return made


def case(service_type, received: str, completed: str, number: str) -> Case:
    return Case.objects.create(
        zone=service_type.zone, number=number, service_type=service_type, applicant_kind=Case.ApplicantKind.PERSON,
        applicant_name="张三", phone="13812341234",
        received_at=datetime.fromisoformat(f"{received} 09:30").replace(tzinfo=TZ),
        completed_at=datetime.fromisoformat(f"{completed} 16:00").replace(tzinfo=TZ))


@pytest.fixture
def gas_cases(zone, plan):
    """居民燃气报装 (≤ 3 工作日) measured by three cases taking 1, 2 and 5 working days."""
    gas = ServiceType.objects.create(
        zone=zone, name="居民燃气报装", department=zone.departments.get(name="规建局"), limit_value=Decimal(3),
        calendar_region="national", target=Target.objects.get(item__task__plan=plan, subject="居民燃气报装时间"))
    for n, completed in enumerate(["2020-06-02", "2020-06-03", "2020-06-08"]):
        case(gas, "2020-06-01", completed, f"G{n}")
    return gas


def test_each_line_carries_its_report_evidence_targets_history_meetings_and_notices(
        plan, zone, guijian_sheet, water_line, sheet_of, liaison, guijian_head, office, gas_cases):
    # Reports: March accepted with its evidence, April only submitted: the last *accepted* one counts.
    march = report(water_line, liaison, "2020年3月", head=guijian_head, accept_by=office, progress="三月已完成流程再造")
    Evidence.objects.create(zone_id=zone.pk, report=march, kind=Evidence.Kind.LINK, title="流程图",
                            url="https://example.com/flow", uploaded_by=liaison)
    report(water_line, liaison, "2020年4月")
    # A change of colour in the item's history.
    status.refresh(plan, date(2020, 12, 1))
    # Meetings: one 规建局 hosted on （八）3, one it only attended on another of its items, one it missed.
    other_line = guijian_sheet.lines.exclude(pk=water_line.pk).filter(is_lead=False).first()
    hosted = Meeting.objects.create(zone=zone, plan=plan, host=water_line.department, date=date(2020, 6, 10),
                                    title="水气报装推进会", chair="局长", recorded_by=liaison)
    hosted.items.set([water_line.item])
    lead_of_other = other_line.item.assignments.get(role="lead").department
    attended = Meeting.objects.create(zone=zone, plan=plan, host=lead_of_other, date=date(2020, 5, 10),
                                      title="其他推进会", chair="主任", recorded_by=liaison)
    attended.items.set([other_line.item])
    attended.attendees.set([water_line.department])
    elsewhere = Meeting.objects.create(zone=zone, plan=plan, host=lead_of_other, date=date(2020, 5, 11),
                                       title="未参加的会", chair="主任", recorded_by=liaison)
    elsewhere.items.set([other_line.item])
    # Notices: answered in time, answered late, never answered (replies are stamped with the real
    # time, so their days are set here).
    in_time = notices.issue(water_line.item, water_line.department, "说明进展", date(2020, 6, 10), office)
    notices.reply(in_time, "已按期推进", liaison)
    late = notices.issue(water_line.item, water_line.department, "补充材料", date(2020, 5, 31), office)
    notices.reply(late, "迟到的回复", liaison)
    for notice, day in ((in_time, "2020-06-10 23:30"), (late, "2020-06-01 08:00")):  # late: the day after
        type(notice).objects.filter(pk=notice.pk).update(replied_at=datetime.fromisoformat(day).replace(tzinfo=TZ))
    notices.issue(water_line.item, water_line.department, "说明燃气报装", date(2020, 6, 20), office)

    by_line = {d.line.pk: d for d in dossiers(guijian_sheet, YEAR_END)}
    assert len(by_line) == guijian_sheet.lines.count() == 9
    water = by_line[water_line.pk]
    assert water.report == march and [e.title for e in water.evidence] == ["流程图"]
    assert evidence_names(water) == "台账：流程图（链接）"  # the downloads' 佐证材料
    gas = next(a for a in water.targets if a.target.subject == "居民燃气报装时间")
    assert gas.colour == "amber" and gas.rows[0].median == 2  # median met, only 2 of 3 within
    assert [t.target.subject for t in water.targets] == [t.subject for t in water_line.item.targets.all()]
    assert len(water.changes) >= 2 and water.status is not None
    assert [(m.title, m.hosted) for m in water.meetings] == [("水气报装推进会", True)]
    assert [(m.title, m.hosted) for m in by_line[other_line.pk].meetings] == [("其他推进会", False)]
    assert [(n.notice.instruction, n.answer) for n in water.notices] == [
        ("说明进展", "按期回复"), ("补充材料", "逾期回复"), ("说明燃气报装", "逾期未回复")]
    # A cooperating department's last report is its head's final one.
    shuiwu_line = sheet_of("水务局").lines.get(item=water_line.item)
    assert dossiers(sheet_of("水务局"), YEAR_END)[0].line.department.name == "水务局"
    assert next(d for d in dossiers(sheet_of("水务局"), YEAR_END) if d.line.pk == shuiwu_line.pk).report is None


def test_a_sheet_costs_the_same_queries_whatever_it_holds(plan, zone, guijian_sheet, water_line, sheet_of, liaison,
                                                          guijian_head, shuiwu, shuiwu_head, office, gas_cases):
    # Read as the sheet page reads them (permissions.get_sheet): with the reconciliation and the plan.
    loaded = Sheet.objects.select_related("department", "reconciliation__plan")
    guijian_sheet, shuiwu_sheet = loaded.get(pk=guijian_sheet.pk), loaded.get(pk=sheet_of("水务局").pk)
    shuiwu_line = shuiwu_sheet.lines.get(item=water_line.item)

    def queries(sheet) -> int:
        with CaptureQueriesContext(connection) as captured:
            dossiers(sheet, YEAR_END)
        return len(captured)

    def one_more_of_each(day: int) -> None:
        report(water_line, liaison, f"2020年{day}月", head=guijian_head, accept_by=office)
        report(shuiwu_line, shuiwu, f"2020年{day}月", head=shuiwu_head)
        meeting = Meeting.objects.create(zone=zone, plan=plan, host=water_line.department, date=date(2020, day, 10),
                                         title="推进会", chair="局长", recorded_by=liaison)
        meeting.items.set([line.item for line in guijian_sheet.lines.all()])
        meeting.attendees.set([shuiwu_line.department])
        notices.issue(water_line.item, water_line.department, "说明", date(2020, 6, 30), office)
        notices.issue(water_line.item, shuiwu_line.department, "说明", date(2020, 6, 30), office)

    one_more_of_each(3)
    queries(guijian_sheet)  # the first read loads the working-day calendar, cached from then on
    few = queries(guijian_sheet)
    for month in (4, 5, 6):
        one_more_of_each(month)
    assert queries(guijian_sheet) == few
    # 水务局 has fewer lines than 规建局 (5 against 9) and shares the measured item: the same count.
    assert shuiwu_sheet.lines.count() < guijian_sheet.lines.count()
    assert queries(shuiwu_sheet) == few
