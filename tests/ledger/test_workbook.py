"""The ledger exported as .xlsx: rows, filters, the version that stands, colours, formulas, queries, permissions."""

import io
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import Role
from duban.documents import xlsx
from duban.ledger import flow, status
from duban.ledger.models import Evidence, ItemStatus, Report, StatusChange
from duban.ledger.obligations import obligations_of_department, obligations_of_plan
from duban.plans.models import Assignment, Item

from .sheets import ask_export, body, download, worksheet

HEADER = ["序号", "主要任务", "具体任务", "牵头部门", "配合部门", "完成时限", "工作进展", "存在问题", "下步计划", "完成情况",
          "状态", "佐证材料"]


@pytest.fixture(autouse=True)
def july(pinned):
    return pinned(date(2020, 7, 10))


@pytest.fixture(autouse=True, params=["in the request", "by the worker"])
def built(request, settings):
    """Every test twice: the export built in the request, and as a background task (the worker's
    file must be the one the request would have given)."""
    if request.param == "by the worker":
        settings.DUBAN_EXPORT_IMMEDIATE_ROWS = -1  # every export, however small, goes to the worker
    return request.param


@pytest.fixture
def cooperating_report(water_item, june, shuiwu) -> Report:
    assignment = water_item.assignments.get(role=Assignment.Role.COOPERATING)
    return Report.objects.create(zone_id=water_item.zone_id, assignment=assignment, department=assignment.department,
                                 item=water_item, cycle=june, created_by=shuiwu, progress="水务局配合完成管网勘察")


def header(sheet) -> list:
    """The column titles as a reader sees them: the lower header row, or the upper one where merged."""
    return [sheet.cell(row=4, column=c).value or sheet.cell(row=3, column=c).value for c in range(1, 13)]


def test_the_office_exports_the_plan_one_row_per_item_from_the_lead_reports(
        as_user, office, plan, june, lead_report, cooperating_report):
    data = download(as_user(office), "export", plan, cycle=june.pk)
    sheet = worksheet(data)
    assert sheet["A1"].value == "准东开发区2020年深化“放管服”改革工作台账"
    # June has ended: its sheet's colours are those of June's end (test_a_past_cycle_s_colours_…).
    assert "报送周期：2020年6月" in sheet["A2"].value and "状态截至2020年6月30日" in sheet["A2"].value
    assert header(sheet) == HEADER
    assert sheet["D3"].value == "任务分工" and sheet["G3"].value == "2020年6月推进情况"
    rows = body(data)
    assert [r[0] for r in rows] == list(range(1, Item.objects.filter(task__plan=plan).count() + 1))
    (water,) = [r for r in rows if "优化水气报装服务" in r[2]]
    assert water[1] == "（八）提升公用事业服务水平" and water[2].startswith("3. 优化水气报装服务")
    assert water[3:5] == ("规建局", "水务局")
    assert water[6] == "已完成用水报装流程梳理" and water[9] == 0
    # the whole-zone ledger is the lead departments': the cooperating report is not in it
    assert "水务局配合完成管网勘察" not in str(rows)


def test_a_department_s_ledger_is_its_own_reports_one_row_per_obligation(
        as_user, office, plan, june, zone, lead_report, cooperating_report):
    water_dept = zone.departments.get(name="水务局")
    rows = body(download(as_user(office), "export", plan, cycle=june.pk, department=water_dept.pk))
    assert len(rows) == len(obligations_of_department(water_dept, plan))
    (water,) = [r for r in rows if "优化水气报装服务" in r[2]]
    assert water[6] == "水务局配合完成管网勘察"
    assert "已完成用水报装流程梳理" not in str(rows)


def test_one_task_only(as_user, office, plan, june):
    task = plan.tasks.get(number="（八）")
    rows = body(download(as_user(office), "export", plan, cycle=june.pk, task=task.pk))
    assert len(rows) == task.items.count() and {r[1] for r in rows} == {"（八）提升公用事业服务水平"}


def test_as_of_a_cycle_the_reports_of_that_cycle(as_user, office, plan, june, lead_report):
    may = plan.cycles.get(label="2020年5月")
    rows = body(download(as_user(office), "export", plan, cycle=may.pk))
    assert "已完成用水报装流程梳理" not in str(rows)
    default = worksheet(download(as_user(office), "export", plan))
    assert "报送周期：2020年7月" in default["A2"].value  # no cycle chosen: the current one
    assert "状态截至2020年7月10日" in default["A2"].value  # with today's colours


def test_the_status_is_the_cell_s_colour(as_user, office, plan, june, july):
    status.refresh(plan, july)
    current = plan.cycles.get(label="2020年7月")  # today's colours: the cycle has not ended
    sheet = worksheet(download(as_user(office), "export", plan, cycle=current.pk))
    fills = {"绿灯": xlsx.GREEN, "黄灯": xlsx.AMBER, "红灯": xlsx.RED}
    seen = set()
    for row in sheet.iter_rows(min_row=5):
        label, cell = row[10].value, row[10]
        assert cell.fill.fgColor.rgb.endswith(fills[label]), (label, cell.fill.fgColor.rgb)
        seen.add(label)
    assert seen  # every item assessed, each with its colour


def test_a_past_cycle_s_colours_are_those_its_items_had_at_its_end(as_user, office, plan, june, july):
    """Exported on 2020年7月10日, the June sheet shows each item's colour on 2020年6月30日, from the
    kept history: the last change assessed by then; an item not yet assessed by then, 未评估."""
    status.refresh(plan, july)  # today: every item assessed, as of 7月10日
    items = list(Item.objects.filter(task__plan=plan).order_by("task__order", "order")[:3])
    amber_then, green_then, _ = items
    Colour = ItemStatus.Colour
    for item, colour, day in ((amber_then, Colour.GREEN, date(2020, 5, 26)), (amber_then, Colour.AMBER, date(2020, 6, 26)),
                              (green_then, Colour.GREEN, date(2020, 6, 30)), (green_then, Colour.RED, date(2020, 7, 1))):
        StatusChange.objects.create(zone_id=plan.zone_id, item=item, to_colour=colour, as_of=day)
    sheet = worksheet(download(as_user(office), "export", plan, cycle=june.pk))
    assert "状态截至2020年6月30日" in sheet["A2"].value
    labels = [(row[10].value, row[10].fill.fgColor.rgb[-6:]) for row in sheet.iter_rows(min_row=5)]
    assert labels[0] == ("黄灯", xlsx.AMBER) and labels[1] == ("绿灯", xlsx.GREEN)
    assert set(labels[2:]) == {("未评估", "000000")}  # assessed only on 7月10日


def test_the_export_shows_the_version_that_stands_and_the_fill_in_sheet_the_newest(
        as_user, office, liaison, guijian_head, plan, june, lead_report):
    report = flow.transition(lead_report, flow.Action.SUBMIT, liaison)
    report = flow.transition(flow.transition(report, flow.Action.APPROVE, guijian_head), flow.Action.ACCEPT, office)
    correction = flow.correct(report, liaison)
    flow.save_draft(correction, liaison, correction.revision, progress="更正中的草稿")
    exported = str(body(download(as_user(office), "export", plan, cycle=june.pk)))
    assert "已完成用水报装流程梳理" in exported and "更正中的草稿" not in exported
    fill_in = str(body(download(as_user(liaison), "fill_in", plan, cycle=june.pk)))
    assert "更正中的草稿" in fill_in


INJECTIONS = {"progress": "=HYPERLINK(\"http://evil.example\",\"详情\")", "problems": "+1+1", "next_steps": "-1+1"}


def test_report_text_that_looks_like_a_formula_is_exported_as_text(as_user, office, liaison, plan, june, lead_report):
    Report.objects.filter(pk=lead_report.pk).update(**INJECTIONS)
    Evidence.objects.create(zone_id=lead_report.zone_id, report=lead_report, kind=Evidence.Kind.LINK, title="@SUM(A1)",
                            url="https://example.com/", uploaded_by=liaison)
    Evidence.objects.create(zone_id=lead_report.zone_id, report=lead_report, kind=Evidence.Kind.LINK,
                            title="\t=1+1", url="https://example.com/", uploaded_by=liaison)
    for client, name in ((as_user(office), "export"), (as_user(liaison), "fill_in")):
        data = download(client, name, plan, cycle=june.pk)
        for read_only in (False, True):
            rows = list(worksheet(data, read_only).iter_rows(min_row=5))
            (water,) = [r for r in rows if "优化水气报装服务" in (r[2].value or "")]
            cells = [water[6], water[7], water[8], water[11]]
            assert [(c.value, c.data_type) for c in cells] == [
                (INJECTIONS["progress"], "s"), ("+1+1", "s"), ("-1+1", "s"), ("@SUM(A1)\n\t=1+1", "s")]
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_the_export_costs_the_same_queries_whatever_the_size(as_user, office, liaison, plan, june, zone):
    client = as_user(office)

    def count(**query) -> int:
        with CaptureQueriesContext(connection) as queries:
            download(client, "export", plan, cycle=june.pk, **query)
        return len(queries)

    water = zone.departments.get(name="水务局")
    before, before_department = count(), count(department=water.pk)
    for obligation in obligations_of_plan(plan):  # every obligation reports, with evidence, in two versions
        for version in (1, 2):
            report = Report.objects.create(
                zone_id=zone.pk, assignment=obligation.assignment, department=obligation.department,
                item=obligation.item, cycle=june, is_lead=obligation.is_lead, version=version, created_by=liaison,
                progress=f"第{version}版进展")
            Evidence.objects.create(zone_id=zone.pk, report=report, kind=Evidence.Kind.LINK, title="佐证",
                                    url="https://example.com/", uploaded_by=liaison)
    for item in Item.objects.filter(task__plan=plan):  # and every item has a history before June's end
        for day, colour in ((date(2020, 5, 26), ItemStatus.Colour.GREEN), (date(2020, 6, 26), ItemStatus.Colour.RED)):
            StatusChange.objects.create(zone_id=zone.pk, item=item, to_colour=colour, as_of=day)
    assert count() == before and count(department=water.pk) == before_department
    assert "第2版进展" in str(body(download(client, "export", plan, cycle=june.pk)))


def test_a_department_exports_only_its_own_ledger(as_user, shuiwu, plan, june, zone, lead_report):
    client = as_user(shuiwu)
    guijian = zone.departments.get(name="规建局")
    refused = ask_export(client, plan, cycle=june.pk, department=guijian.pk)
    assert refused.status_code == 403
    own = download(client, "export", plan, cycle=june.pk)  # none asked for: its own
    assert "部门：水务局" in worksheet(own)["A2"].value
    assert "已完成用水报装流程梳理" not in str(body(own))


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.LEADER])
def test_the_assessment_office_and_leaders_export_any_department(as_user, make_user, zone, plan, june, role, lead_report):
    reader = make_user("reader", zone, None, role)
    guijian = zone.departments.get(name="规建局")
    rows = body(download(as_user(reader), "export", plan, cycle=june.pk, department=guijian.pk))
    assert "已完成用水报装流程梳理" in str(rows)


def test_another_zone_gets_404(as_user, make_user, other_zone, plan, june):
    stranger = make_user("stranger", other_zone, "经发局", *Role.values)
    client = as_user(stranger)
    assert ask_export(client, plan, cycle=june.pk).status_code == 404
    assert client.get(reverse("ledger:fill_in", args=[plan.pk]), {"cycle": june.pk}).status_code == 404


def test_bad_filters_are_a_chinese_400(as_user, office, plan):
    response = ask_export(as_user(office), plan, cycle="abc")
    assert response.status_code == 400 and "筛选条件无效" in response.content.decode()


def test_the_pages_lead_to_the_excel_ledger(as_user, office, liaison, plan):
    assert reverse("ledger:sheets") in as_user(office).get(reverse("ledger:overview")).text
    assert reverse("ledger:sheets") in as_user(liaison).get(reverse("ledger:inbox")).text
    page = as_user(liaison).get(reverse("ledger:sheets")).text
    assert reverse("ledger:fill_in", args=[plan.pk]) in page and reverse("ledger:sheet_upload") in page
    assert reverse("ledger:export", args=[plan.pk]) in page
