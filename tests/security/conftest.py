"""Two departments of the demo zone and a stranger from another zone.

B = 规建局 leads the seed plan's item （八）3; A = 水务局 cooperates on the same item, which makes
A the neighbour most likely to be shown B's work by mistake: a lead department reads its
cooperating departments' reports, never the other way round.  Everything B writes carries
``SECRET``, so a page that leaks it to A is caught whatever the page is.

The fixtures named in ownership.py live here: one fixture per kind of B's record.
"""

from datetime import date

import pytest

from duban.accounts.models import Role
from duban.ledger import evidence as evidence_files
from duban.ledger import flow
from duban.ledger.models import Evidence, Report
from duban.plans.models import Assignment, Item

SECRET = "乙部门机密"
PDF = b"%PDF-1.4\n% " + SECRET.encode() + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def pinned_clock(settings):
    settings.DUBAN_TODAY = date(2020, 7, 20)


@pytest.fixture
def dept_a(zone):
    return zone.departments.get(name="水务局")


@pytest.fixture
def dept_b(zone):
    return zone.departments.get(name="规建局")


@pytest.fixture
def liaison_a(make_user, zone):
    return make_user("shuiwu", zone, "水务局", Role.LIAISON)


@pytest.fixture
def head_a(make_user, zone):
    return make_user("shuiwu_head", zone, "水务局", Role.HEAD)


@pytest.fixture
def liaison_b(liaison):
    """The suite's own ``liaison`` (guijian of 规建局): one user, whichever fixture asks for it."""
    return liaison


@pytest.fixture
def head_b(make_user, zone):
    return make_user("guijian_head", zone, "规建局", Role.HEAD)


@pytest.fixture
def outsider(make_user, other_zone):
    """A user of another zone holding every zone role, so only the zone boundary stands in the way.

    Not 省级管理员: that role is above the zones by design (it keeps the calendar layers they share).
    """
    return make_user("outsider", other_zone, "经发局", *(role for role in Role.values if role != Role.PROVINCE))


@pytest.fixture
def b_item(plan) -> Item:
    return Item.objects.get(task__plan=plan, task__number="（八）", number="3")


@pytest.fixture
def b_assignment(b_item, dept_b) -> Assignment:
    return b_item.assignments.get(department=dept_b, role=Assignment.Role.LEAD)


@pytest.fixture
def b_report_in(b_assignment, liaison_b):
    """``b_report_in("2020年5月")``: B's draft for that month, full of B's private text."""

    def make(cycle: str) -> Report:
        return Report.objects.create(
            zone_id=b_assignment.zone_id, assignment=b_assignment, department=b_assignment.department,
            item=b_assignment.item, cycle=b_assignment.item.task.plan.cycles.get(label=cycle), is_lead=True,
            created_by=liaison_b, progress=f"{SECRET}：进展", problems=f"{SECRET}：问题", next_steps=f"{SECRET}：计划",
        )

    return make


def attach_file(report: Report, user, title: str) -> Evidence:
    return Evidence.objects.create(
        zone_id=report.zone_id, report=report, kind=Evidence.Kind.FILE, title=title,
        stored_name=evidence_files.store(report.zone_id, PDF), content_type="application/pdf", size=len(PDF),
        uploaded_by=user,
    )


@pytest.fixture
def b_draft_report(b_report_in):
    return b_report_in("2020年6月")


@pytest.fixture
def b_draft_evidence(b_draft_report, liaison_b):
    return attach_file(b_draft_report, liaison_b, f"{SECRET}：草稿佐证.pdf")


@pytest.fixture
def b_submitted_report(b_report_in, liaison_b):
    return flow.transition(b_report_in("2020年5月"), flow.Action.SUBMIT, liaison_b, f"{SECRET}：报送说明")


@pytest.fixture
def b_evidence(b_submitted_report, liaison_b):
    return attach_file(b_submitted_report, liaison_b, f"{SECRET}：佐证.pdf")


@pytest.fixture
def b_approved_report(b_report_in, liaison_b, head_b):
    report = flow.transition(b_report_in("2020年4月"), flow.Action.SUBMIT, liaison_b)
    return flow.transition(report, flow.Action.APPROVE, head_b, f"{SECRET}：审核意见")


@pytest.fixture
def b_accepted_report(b_report_in, liaison_b, head_b, office):
    report = flow.transition(b_report_in("2020年3月"), flow.Action.SUBMIT, liaison_b)
    report = flow.transition(report, flow.Action.APPROVE, head_b)
    return flow.transition(report, flow.Action.ACCEPT, office)


@pytest.fixture
def report_actions():
    return [*flow.TRANSITIONS, flow.Action.CORRECT, "no-such-action"]


@pytest.fixture
def b_world(request):
    """Every record of B that some URL keyword names (ownership.py), made before a walk starts:
    made lazily in the middle of one, they would show up as changes to the database."""
    from .ownership import OWNERSHIP
    from .urlwalk import duban_routes

    keywords = {k for route in duban_routes() for k in route.keywords if k in OWNERSHIP}
    for fixture in sorted({f for k in keywords for f in OWNERSHIP[k].fixtures}):
        request.getfixturevalue(fixture)


# ---- cases: B's service type (规建局), B's case with personal data, an import job and an API token.


@pytest.fixture
def b_service_type(zone, dept_b):
    from duban.cases.models import ServiceType

    return ServiceType.objects.create(zone=zone, name="居民燃气报装", department=dept_b, limit_value=3)


@pytest.fixture
def b_case(b_service_type):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from duban.cases.models import Case

    return Case.objects.create(zone=b_service_type.zone, number="B-SECRET-001", service_type=b_service_type,
                               applicant_kind="个人", applicant_name="B秘密申请人", phone="13900009999",
                               received_at=datetime(2020, 7, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def b_clock_stop(b_case):
    from datetime import date

    from duban.cases.models import ClockStop

    return ClockStop.objects.create(zone=b_case.zone, case=b_case, kind="补正", start=date(2020, 7, 2),
                                    end=date(2020, 7, 3))


@pytest.fixture
def b_import_job(zone, office):
    from duban.cases.models import ImportJob

    # A real (if small) upload: an empty file never becomes a job, and its page cannot be shown.
    data = "办件编号,事项名称\nB-SECRET-002,居民燃气报装\n".encode()
    return ImportJob.objects.create(zone=zone, created_by=office, file_name="B秘密.csv", data=data)


@pytest.fixture
def b_api_token(zone, office):
    from duban.cases.models import ApiToken

    return ApiToken.issue(zone, "B秘密平台", office)[0]


@pytest.fixture
def b_target(plan):
    from duban.plans.models import Target

    return Target.objects.filter(item__task__plan=plan).first()


@pytest.fixture
def b_case_numbers(b_case):
    """The API's <number> keyword: B's case number (the API takes bearer tokens only)."""
    return [b_case.number]


@pytest.fixture
def unknown_api_paths(b_case):
    """The API's catch-all <path>: a path naming no endpoint, one naming B's case the wrong way."""
    return ["no-such-endpoint", f"case/{b_case.number}"]


# ---- meetings and supervision: B's meeting (B hosts; A neither attends nor owns an action), its
# follow-up action, and 督办通知 addressed to B (one open, one B has answered).


@pytest.fixture
def b_meeting(plan, dept_b, b_item, liaison_b):
    from duban.meetings.models import Meeting

    meeting = Meeting.objects.create(
        zone_id=plan.zone_id, plan=plan, host=dept_b, date=date(2020, 6, 10), title="用水报装推进会",
        chair="张三", minutes=f"{SECRET}：会议纪要", recorded_by=liaison_b,
    )
    meeting.items.set([b_item])
    return meeting


@pytest.fixture
def b_decision(b_meeting, dept_b):
    from duban.meetings.models import Decision

    return Decision.objects.create(zone_id=b_meeting.zone_id, meeting=b_meeting, text=f"{SECRET}：会议决定",
                                   owner=dept_b, due=date(2020, 8, 31))


@pytest.fixture
def b_notice(office, b_item, dept_b):
    from duban.supervision import notices

    return notices.issue(b_item, dept_b, f"{SECRET}：督办事项", date(2020, 7, 31), office)


@pytest.fixture
def b_replied_notice(office, b_item, dept_b, liaison_b):
    from duban.supervision import notices

    notice = notices.issue(b_item, dept_b, f"{SECRET}：另一督办事项", date(2020, 7, 31), office)
    return notices.reply(notice, f"{SECRET}：回复", liaison_b)


@pytest.fixture
def b_calendar_entry(zone, office):
    from datetime import date

    from duban.workdays.models import CalendarEntry

    return CalendarEntry.objects.create(
        layer="zone", zone=zone, date=date(2020, 7, 1), kind="rest",
        name="园区停电检修", notice="管委会通知", created_by=office,
    )


@pytest.fixture
def b_covered_year(office):
    from duban.workdays.models import CoveredYear

    return CoveredYear.objects.create(layer="national", year=2027, status="official", notice="通知", created_by=office)


# ---- assessment: an entry recorded against B (its text is B's business) and the appeal outcome of
# a 差评 on one of B's cases.


@pytest.fixture
def b_assessor(make_user, zone):
    return make_user("b_jixiao", zone, "党政办", Role.ASSESSOR)


@pytest.fixture
def b_assessment_entry(plan, dept_b, b_assessor):
    from duban.assessment.models import Entry
    from duban.assessment.schemes import ensure_scheme

    rule = ensure_scheme(plan, b_assessor).rules.get(key="criticism")
    return Entry.objects.create(zone=plan.zone, rule=rule, department=dept_b, document=f"{SECRET}：通报文件",
                                date=date(2020, 6, 1), note=f"{SECRET}：说明", recorded_by=b_assessor)


@pytest.fixture
def b_appeal(b_service_type, b_assessor):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from duban.assessment.models import Appeal
    from duban.cases.models import Case

    case = Case.objects.create(zone=b_service_type.zone, number="B-SECRET-003", service_type=b_service_type,
                               applicant_kind="企业", applicant_name="B秘密企业", rating=1,
                               received_at=datetime(2020, 6, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
                               completed_at=datetime(2020, 6, 3, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    return Appeal.objects.create(zone=case.zone, case=case, outcome="overturned", reason=f"{SECRET}：复核意见",
                                 decided_on=date(2020, 6, 20), recorded_by=b_assessor)


# ---- closing: the plan's reconciliation, B's 对账单, a line B applied for (with B's evidence) and
# one the office decided.


@pytest.fixture
def b_reconciliation(plan, office):
    from duban.closing import flow as closing_flow

    return closing_flow.open_reconciliation(plan, office)


@pytest.fixture
def b_sheet(b_reconciliation, dept_b):
    return b_reconciliation.sheets.get(department=dept_b)


@pytest.fixture
def b_applied_line(b_sheet, b_item, liaison_b):
    from duban.closing import flow as closing_flow

    line = b_sheet.lines.get(item=b_item, is_lead=True)
    closing_flow.add_evidence(line, liaison_b, f"{SECRET}：销号佐证.pdf", PDF)
    return closing_flow.apply(line, liaison_b, "close", f"{SECRET}：申请说明")


@pytest.fixture
def b_attachment(b_applied_line):
    return b_applied_line.attachments.get()


@pytest.fixture
def b_decided_line(b_sheet, b_item, liaison_b, office):
    from duban.closing import flow as closing_flow

    line = b_sheet.lines.exclude(item=b_item).first()
    closing_flow.add_evidence(line, liaison_b, "佐证.pdf", PDF)
    closing_flow.apply(line, liaison_b, "carry_over", f"{SECRET}：结转申请")
    return closing_flow.decide(line, office, closing_flow.Ruling("returned", f"{SECRET}：补充整改要求"))


# ---- exports: B's liaison's export of B's June ledger, built, its file holding B's draft.


@pytest.fixture
def b_export(plan, liaison_b, b_draft_report):
    from duban.ledger import exporting

    june = plan.cycles.get(label="2020年6月")
    export = exporting.start(liaison_b, exporting.Scope(plan, june, liaison_b.department, None, date(2020, 7, 20)))
    assert export.available
    return export
