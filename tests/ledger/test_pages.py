"""Ledger pages through HTTP, as liaisons, heads and the office use them."""

from datetime import date

import pytest
from django.urls import reverse

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
