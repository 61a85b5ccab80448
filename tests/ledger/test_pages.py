"""Ledger pages through HTTP, as liaisons, heads and the office use them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.accounts.models import Role
from duban.ledger.models import ItemStatus, Report
from duban.ledger.status import refresh


def test_liaison_files_a_report_from_the_inbox(as_user, liaison, water_item, june, pinned):
    pinned(date(2020, 6, 20))
    client = as_user(liaison)
    inbox = client.get(reverse("ledger:inbox")).text
    assert "待报送" in inbox and "（八）第3项" in inbox
    lead = water_item.assignments.get(role="lead")
    response = client.post(reverse("ledger:report_start", args=[water_item.pk]), {"assignment": lead.pk, "cycle": june.pk})
    report = Report.objects.get()
    assert response["Location"] == reverse("ledger:report", args=[report.pk])
    page = client.get(response["Location"]).text
    assert "保存草稿" in page and "报送" in page
    saved = client.post(reverse("ledger:report_save", args=[report.pk]), {
        "progress": "已梳理流程", "problems": "", "next_steps": "下月公布", "completion": 60,
        "self_status": "on_track", "revision": report.revision,
    })
    assert saved.status_code == 302
    assert Report.objects.get().completion == 60
    client.post(reverse("ledger:report_act", args=[report.pk, "submit"]))
    assert Report.objects.get().state == Report.State.SUBMITTED


def test_a_stale_form_is_refused_with_a_clear_message_and_the_text_kept(as_user, liaison, lead_report):
    client = as_user(liaison)
    form = {"progress": "我的新内容", "problems": "", "next_steps": "", "completion": 10, "self_status": "on_track"}
    client.post(reverse("ledger:report_save", args=[lead_report.pk]), {**form, "revision": lead_report.revision})
    refused = client.post(reverse("ledger:report_save", args=[lead_report.pk]),
                          {**form, "progress": "另一人的内容", "revision": lead_report.revision})
    assert refused.status_code == 409
    assert "已被他人修改" in refused.text and "另一人的内容" in refused.text
    assert Report.objects.get(pk=lead_report.pk).progress == "我的新内容"


def test_the_head_approves_and_the_office_accepts_through_the_pages(as_user, liaison, guijian_head, office, lead_report):
    as_user(liaison).post(reverse("ledger:report_act", args=[lead_report.pk, "submit"]))
    head_inbox = as_user(guijian_head).get(reverse("ledger:inbox")).text
    assert "待我审核（1）" in head_inbox
    as_user(guijian_head).post(reverse("ledger:report_act", args=[lead_report.pk, "approve"]))
    assert "待我审核（1）" in as_user(office).get(reverse("ledger:inbox")).text
    as_user(office).post(reverse("ledger:report_act", args=[lead_report.pk, "accept"]))
    assert Report.objects.get(pk=lead_report.pk).state == Report.State.ACCEPTED


def test_the_liaison_cannot_approve_and_the_head_cannot_accept(as_user, liaison, guijian_head, lead_report):
    client = as_user(liaison)
    client.post(reverse("ledger:report_act", args=[lead_report.pk, "submit"]))
    assert client.post(reverse("ledger:report_act", args=[lead_report.pk, "approve"])).status_code == 403
    head = as_user(guijian_head)
    head.post(reverse("ledger:report_act", args=[lead_report.pk, "approve"]))
    assert head.post(reverse("ledger:report_act", args=[lead_report.pk, "accept"])).status_code == 403
    assert Report.objects.get(pk=lead_report.pk).state == Report.State.APPROVED


def test_the_lead_sees_cooperating_reports_beside_its_own(as_user, liaison, shuiwu, water_item, june, lead_report):
    cooperating = water_item.assignments.get(role="cooperating")
    Report.objects.create(zone_id=water_item.zone_id, assignment=cooperating, department=cooperating.department,
                          item=water_item, cycle=june, created_by=shuiwu, progress="水务局配合完成管网勘察")
    page = as_user(liaison).get(reverse("ledger:item", args=[water_item.pk])).text
    assert "已完成用水报装流程梳理" in page and "水务局配合完成管网勘察" in page
    # The cooperating department sees its own report, not the lead's.
    page = as_user(shuiwu).get(reverse("ledger:item", args=[water_item.pk])).text
    assert "水务局配合完成管网勘察" in page and "已完成用水报装流程梳理" not in page


def test_overview_counts_equal_the_list(as_user, office, plan, pinned):
    refresh(plan, pinned(date(2020, 6, 26)))
    client = as_user(office)
    page = client.get(reverse("ledger:overview"))
    counts = {c: ItemStatus.objects.filter(colour=c).count() for c in ("green", "amber", "red")}
    assert sum(counts.values()) == 17
    for colour, n in counts.items():
        assert f'class="count-{colour}">{n}<' in page.text
        filtered = client.get(reverse("ledger:overview"), {"colour": colour})
        assert filtered.context["page"].paginator.count == n
    by_department = client.get(reverse("ledger:overview"), {"department": plan.zone.departments.get(name="规建局").pk})
    assert by_department.context["page"].paginator.count == 1
    assert 'class="count-total">1<' in by_department.text


def test_a_plan_just_imported_is_assessed_and_counted_whole(as_user, office, pinned):
    from duban.demo.loading import load_plan

    pinned(date(2020, 3, 1))
    plan = load_plan(office.zone)  # no refresh: the import itself assesses the new items
    client = as_user(office)
    page = client.get(reverse("ledger:overview"))
    assert ItemStatus.objects.filter(item__task__plan=plan).count() == 17
    assert 'class="count-total">17<' in page.text and "未评估" not in page.text
    # An item without a status (e.g. added in the admin) still counts, as 未评估.
    ItemStatus.objects.filter(item__task__plan=plan).first().delete()
    page = client.get(reverse("ledger:overview"))
    assert 'class="count-total">17<' in page.text and 'class="count-unassessed">1<' in page.text
    assert page.context["page"].paginator.count == 17


def test_overview_is_for_the_office_assessors_and_leaders(as_user, liaison):
    assert as_user(liaison).get(reverse("ledger:overview")).status_code == 403


@pytest.mark.parametrize("page", ["ledger:overview", "ledger:inbox"])
def test_list_pages_run_a_bounded_number_of_queries(as_user, office, plan, pinned, page, django_assert_max_num_queries):
    refresh(plan, pinned(date(2020, 6, 26)))
    client = as_user(office)
    # A fixed budget: the inbox gathers sections from several apps (ledger, meetings, supervision,
    # the office's calendar reminders), each a few queries, none per row.
    with django_assert_max_num_queries(36):
        assert client.get(reverse(page)).status_code == 200


def _second_plan(zone):
    """The seed plan again as a 2021 plan: 17 more items, 12 more cycles."""
    from duban.demo.loading import DATA, SEED_PLAN
    from duban.plans.importing import import_plan, preview_import

    text = (DATA / SEED_PLAN).read_text(encoding="utf-8").replace("2020", "2021")
    return import_plan(preview_import(zone, text.encode("utf-8"), "2021年方案.txt")).plan


def _file_reports(plan, department, state, cycles, author):
    """A report in ``state`` by ``department`` on each of its obligations in each of ``cycles``."""
    from duban.ledger.obligations import obligations_of_department

    Report.objects.bulk_create(
        Report(zone_id=plan.zone_id, assignment=o.assignment, department=department, item=o.item, cycle=cycle,
               is_lead=o.is_lead, created_by=author, state=state)
        for o in obligations_of_department(department, plan) for cycle in cycles
    )


def test_list_pages_cost_the_same_queries_with_ten_times_the_data(client, make_user, zone, plan, water_item, pinned):
    """Every list of the inbox, the overview and the item page, small and then grown (a second plan,
    hundreds of reports to review, returned, due, status changes): the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duban.accounts.models import Role
    from duban.ledger.models import StatusChange

    pinned(date(2021, 6, 26))
    user = make_user("all_roles", zone, "规建局", Role.OFFICE, Role.HEAD, Role.LIAISON)
    guijian, shuiwu = zone.departments.get(name="规建局"), zone.departments.get(name="水务局")
    cycles = list(plan.cycles.order_by("start"))
    # Small: one report of each kind the lists show.
    _file_reports(plan, guijian, Report.State.SUBMITTED, cycles[:1], user)
    _file_reports(plan, guijian, Report.State.RETURNED, cycles[1:2], user)
    _file_reports(plan, shuiwu, Report.State.APPROVED, cycles[:1], user)
    refresh(plan, date(2021, 6, 26))
    client.force_login(user)
    pages = [reverse("ledger:inbox"), reverse("ledger:overview"), reverse("ledger:item", args=[water_item.pk])]

    def cost(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for url in pages:
        client.get(url)  # the first request fills the process's calendar cache: not the page's cost
    small = [cost(url) for url in pages]
    small_reports = Report.objects.count()
    # Grown: a second plan, and reports in every remaining cycle of both.
    second = _second_plan(zone)
    later = list(second.cycles.order_by("start"))
    _file_reports(plan, guijian, Report.State.SUBMITTED, cycles[2:8], user)
    _file_reports(plan, guijian, Report.State.RETURNED, cycles[8:], user)
    _file_reports(plan, shuiwu, Report.State.APPROVED, cycles[1:], user)
    _file_reports(second, guijian, Report.State.RETURNED, later[:3], user)
    for department in zone.departments.exclude(pk=guijian.pk):  # the office's queue, zone-wide
        _file_reports(second, department, Report.State.APPROVED, later[:6], user)
    StatusChange.objects.bulk_create(
        StatusChange(zone=zone, item=water_item, to_colour="amber", reasons=["测试"], as_of=date(2020, 6, 1))
        for _ in range(50))
    refresh(second, date(2021, 6, 26))
    assert Report.objects.count() >= 10 * small_reports
    assert [cost(url) for url in pages] == small


# --- the office reviews the lead's report with the cooperating ones beside it ---------------------

def _cooperating(water_item, june, shuiwu, **fields) -> Report:
    assignment = water_item.assignments.get(role="cooperating")
    return Report.objects.create(zone_id=water_item.zone_id, assignment=assignment, department=assignment.department,
                                 item=water_item, cycle=june, created_by=shuiwu, **fields)


def _act(client, report, action, **data):
    return client.post(reverse("ledger:report_act", args=[report.pk, action]), data)


@pytest.fixture
def shuiwu_head(make_user, zone):
    return make_user("shuiwu_head", zone, "水务局", Role.HEAD)


def test_a_cooperating_report_ends_at_its_head_and_the_office_accepts_the_lead_s(
        as_user, liaison, guijian_head, shuiwu, shuiwu_head, office, water_item, june, lead_report):
    cooperating = _cooperating(water_item, june, shuiwu, progress="水务局配合完成管网勘察", problems="管网图纸缺失",
                               completion=40)
    _act(as_user(shuiwu), cooperating, "submit")
    assert "随牵头部门报告" in as_user(shuiwu_head).get(reverse("ledger:report", args=[cooperating.pk])).text
    _act(as_user(shuiwu_head), cooperating, "approve")
    assert Report.objects.get(pk=cooperating.pk).state == Report.State.FINAL
    _act(as_user(liaison), lead_report, "submit")
    _act(as_user(guijian_head), lead_report, "approve")
    client = as_user(office)
    inbox = client.get(reverse("ledger:inbox"))
    assert [r.pk for r in inbox.context["awaiting"]] == [lead_report.pk]
    # The cooperating report is not the office's to accept or return, even by a forged POST.
    assert _act(client, cooperating, "accept").status_code == 403
    assert _act(client, cooperating, "return", comment="退回").status_code == 403
    page = client.get(reverse("ledger:report", args=[lead_report.pk])).text
    beside = page.split("配合部门报告（同期）")[1]
    for text in ("水务局", "水务局配合完成管网勘察", "管网图纸缺失", "完成 40%", "已审定（随牵头部门报告）"):
        assert text in beside, text
    assert 'data-action="accept"' in page
    _act(client, lead_report, "accept")
    assert Report.objects.get(pk=lead_report.pk).state == Report.State.ACCEPTED
    assert Report.objects.get(pk=cooperating.pk).state == Report.State.FINAL


def test_the_cooperating_report_page_has_no_office_step_and_points_to_the_lead_s(
        as_user, shuiwu, shuiwu_head, office, water_item, june, lead_report):
    cooperating = _cooperating(water_item, june, shuiwu, progress="配合")
    _act(as_user(shuiwu), cooperating, "submit")
    _act(as_user(shuiwu_head), cooperating, "approve")
    page = as_user(office).get(reverse("ledger:report", args=[cooperating.pk])).text
    assert "不再单独报办公室确认" in page and reverse("ledger:report", args=[lead_report.pk]) in page
    assert 'data-action="accept"' not in page and 'data-action="return"' not in page


def test_the_lead_page_shows_the_filed_version_and_who_has_not_filed(
        as_user, liaison, shuiwu, shuiwu_head, water_item, june, lead_report):
    cooperating = _cooperating(water_item, june, shuiwu, progress="第一版进展")
    _act(as_user(shuiwu), cooperating, "submit")
    _act(as_user(shuiwu_head), cooperating, "approve")
    page = as_user(liaison).get(reverse("ledger:report", args=[lead_report.pk])).text.split("配合部门报告（同期）")[1]
    assert "第一版进展" in page and "尚未报送" not in page
    _act(as_user(shuiwu), cooperating, "correct")
    Report.objects.filter(version=2).update(progress="更正草稿")
    page = as_user(liaison).get(reverse("ledger:report", args=[lead_report.pk])).text.split("配合部门报告（同期）")[1]
    assert "第一版进展" in page and "更正草稿" not in page  # the draft correction does not replace it yet
    Report.objects.filter(department=cooperating.department).delete()
    page = as_user(liaison).get(reverse("ledger:report", args=[lead_report.pk])).text.split("配合部门报告（同期）")[1]
    assert "尚未报送：水务局" in page


# --- corrections: the cycle stays filed, the evidence comes along ---------------------------------

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_correction_keeps_the_cycle_off_the_overdue_list_and_carries_its_files(
        as_user, liaison, guijian_head, office, water_item, lead_report, pinned):
    client = as_user(liaison)
    client.post(reverse("ledger:evidence_add", args=[lead_report.pk]), {"file": SimpleUploadedFile("流程图.pdf", PDF)})
    _act(client, lead_report, "submit")
    _act(as_user(guijian_head), lead_report, "approve")
    _act(as_user(office), lead_report, "accept")
    pinned(date(2020, 6, 26))
    client = as_user(liaison)
    _act(client, lead_report, "correct", comment="补充数据")
    correction = Report.objects.get(version=2)
    inbox = client.get(reverse("ledger:inbox"))
    assert not [d for d in inbox.context["dues"].paginator.object_list
                if d.obligation.item.pk == water_item.pk and d.cycle.label == "2020年6月"]
    page = client.get(reverse("ledger:report", args=[correction.pk])).text
    assert "流程图.pdf" in page
    carried = correction.evidence.get()
    client.post(reverse("ledger:evidence_delete", args=[carried.pk]))
    assert not correction.evidence.exists()
    original = lead_report.evidence.get()
    download = client.get(reverse("ledger:evidence", args=[original.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_cycle_that_has_not_started_cannot_be_filed(as_user, liaison, water_item, plan, pinned):
    pinned(date(2020, 6, 20))
    lead = water_item.assignments.get(role="lead")
    july = plan.cycles.get(label="2020年7月")
    response = as_user(liaison).post(reverse("ledger:report_start", args=[water_item.pk]),
                                     {"assignment": lead.pk, "cycle": july.pk})
    assert response.status_code == 403 and "2020年7月尚未开始" in response.text
    assert not Report.objects.exists()
