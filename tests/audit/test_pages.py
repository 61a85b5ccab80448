"""The zone-wide audit log and the per-record trail, as the office reads them."""

from datetime import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import Role
from duban.ledger.models import Evidence, Report, ReportTransition
from duban.plans.models import Assignment

from .conftest import save_form

LOG = reverse("audit:log")
PDF = b"%PDF-1.4\n%%EOF\n"


def save(client, report, **changes):
    report.refresh_from_db()
    response = client.post(reverse("ledger:report_save", args=[report.pk]), save_form(report, **changes))
    assert response.status_code == 302


@pytest.fixture
def office(make_user, zone):
    user = make_user("office", zone, "经发局", Role.OFFICE)
    user.first_name = "办公室王主任"
    user.save()
    return user


def test_the_log_shows_who_when_where_what_and_before_after(login, liaison, office, report):
    liaison.first_name = "规建局李联络员"
    liaison.save()
    save(login(liaison, "10.20.30.40"), report, progress="完成流程梳理", self_status="at_risk")
    page = login(office).get(LOG).text
    row = page.split("<tbody>")[1].split("</tr>")[0]  # newest first
    assert "规建局李联络员" in row and "10.20.30.40" in row
    assert "台账报告" in row and "修改" in row
    assert "工作进展：</span>初稿进展 → 完成流程梳理" in row
    assert "自评状态：</span>正常推进 → 存在风险" in row  # choices shown by their Chinese labels
    assert timezone.localtime(LogEntry.objects.latest().timestamp).strftime("%Y年%-m月%-d日") in row


def test_foreign_keys_are_shown_by_name(login, office, report):
    page = login(office).get(LOG + "?action=0&record_type=%d" % ContentType.objects.get_for_model(Report).pk).text
    created = page.split("<tbody>")[1]
    assert "部门：</span>规建局" in created
    assert "周期：</span>2020年6月" in created


@pytest.mark.parametrize("role", [Role.LIAISON, Role.HEAD, Role.ASSESSOR, Role.LEADER])
def test_only_the_office_reads_the_log(client, make_user, zone, role):
    client.force_login(make_user("someone", zone, "规建局", role))
    assert client.get(LOG).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(LOG)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_log_is_read_only(login, office):
    assert login(office).post(LOG).status_code == 405


def test_another_zone_s_office_sees_none_of_this_zone_s_trail(login, make_user, other_zone, liaison, report):
    save(login(liaison), report, progress="本区的秘密进展")
    outsider = make_user("outsider", other_zone, "经发局", Role.OFFICE)
    page = login(outsider).get(LOG).text
    # Its own zone's trail holds its own account's creation (users are audited), nothing of this zone's.
    assert "本区的秘密进展" not in page and "guijian" not in page and "outsider" in page


@pytest.fixture
def varied_log(login, liaison, head, office, report):
    """A report saved, submitted, returned; evidence added and deleted; spread over 1–3 June 2020."""
    before = LogEntry.objects.order_by("pk").last().pk
    save(login(liaison), report, progress="第一次保存")
    login(liaison).post(reverse("ledger:report_act", args=[report.pk, "submit"]))
    login(head).post(reverse("ledger:report_act", args=[report.pk, "return"]), {"comment": "请补充"})
    login(liaison).post(reverse("ledger:evidence_add", args=[report.pk]), {"file": SimpleUploadedFile("照片说明.pdf", PDF)})
    login(liaison).post(reverse("ledger:evidence_delete", args=[Evidence.objects.get().pk]))
    days = {}
    for n, entry in enumerate(LogEntry.objects.filter(pk__gt=before).order_by("pk")):
        day = 1 + n % 3
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.make_aware(datetime(2020, 6, day, 0, 30)))
        days.setdefault(day, set()).add(entry.pk)
    return days


def shown(client, **params):
    """The entries the log lists for these filters (all pages)."""
    first = client.get(LOG, params)
    assert first.status_code == 200 and not first.context["form"].errors
    entries = []
    for number in first.context["page"].paginator.page_range:
        entries += client.get(LOG, {**params, "page": number}).context["page"].object_list
    return entries


def test_filter_by_record_type_and_action(login, office, varied_log):
    client = login(office)
    transition_type = ContentType.objects.get_for_model(ReportTransition).pk
    transitions = shown(client, record_type=transition_type)
    assert len(transitions) == 2 and {e.record_type for e in transitions} == {"流转记录"}
    deleted = shown(client, action=LogEntry.Action.DELETE)
    assert [(e.record_type, e.action_label, e.object_repr) for e in deleted] == [("佐证材料", "删除", "照片说明.pdf")]


def test_filter_by_user(login, office, head, varied_log):
    by_head = shown(login(office), actor=head.pk)
    assert by_head and {e.actor for e in by_head} == {head}
    assert len(by_head) == LogEntry.objects.filter(actor=head).count()


def test_filter_by_text_on_the_record(login, office, varied_log):
    found = shown(login(office), q="照片说明")
    # Both entries of the evidence file, whichever day varied_log put each on.
    assert sorted((e.action_label, e.object_repr) for e in found) == [("删除", "照片说明.pdf"), ("新建", "照片说明.pdf")]


def test_filter_by_date_range_in_local_time(login, office, varied_log):
    client = login(office)
    # 00:30 in Shanghai is 16:30 UTC the day before: days are counted as the zone lives them.
    assert {e.pk for e in shown(client, date_from="2020-06-02", date_to="2020-06-02")} == varied_log[2]
    assert {e.pk for e in shown(client, date_to="2020-06-02")} == varied_log[1] | varied_log[2]
    assert {e.pk for e in shown(client, date_from="2020-06-03", date_to="2020-06-03")} == varied_log[3]


def test_the_record_type_filter_lists_chinese_names(login, office):
    page = login(office).get(LOG).text
    for name in ("台账报告", "流转记录", "佐证材料", "任务状态", "任务分工"):
        assert f">{name}</option>" in page


def test_the_log_is_paginated(login, office, liaison, report):
    client = login(liaison)
    for n in range(55):
        save(client, report, progress=f"第{n}次")
    page = login(office).get(LOG).context["page"]
    assert len(page.object_list) == 50 and page.paginator.count > 55
    assert login(office).get(LOG, {"page": 2}).context["page"].number == 2


def test_the_log_costs_a_bounded_number_of_queries_however_long(
    login, office, liaison, head, report, django_assert_max_num_queries
):
    # Many entries of every kind, each pointing at other rows by foreign key.
    for n in range(30):
        save(login(liaison), report, progress=f"第{n}次")
    login(liaison).post(reverse("ledger:report_act", args=[report.pk, "submit"]))
    login(head).post(reverse("ledger:report_act", args=[report.pk, "return"]), {"comment": "退回"})
    for assignment in Assignment.objects.filter(zone=report.zone_id)[:20]:
        assignment.order += 1
        assignment.save()
    client = login(office)
    for page in (1, 2, 3):  # recent ledger entries, then the plan import's items, assignments, targets
        # Session, user, roles, navigation, filter choices, count, page, and one query per kind of
        # record the page's foreign keys point at — never one per entry.
        with django_assert_max_num_queries(22):
            response = client.get(LOG, {"page": page})
        assert response.status_code == 200 and response.context["page"].object_list


def test_the_report_page_shows_its_trail_to_the_office_including_deleted_evidence(login, liaison, office, report):
    client = login(liaison, "10.1.1.1")
    client.post(reverse("ledger:evidence_add", args=[report.pk]), {"file": SimpleUploadedFile("已删除的照片.pdf", PDF)})
    client.post(reverse("ledger:evidence_delete", args=[Evidence.objects.get().pk]))
    client.post(reverse("ledger:report_act", args=[report.pk, "submit"]))
    trail = login(office).get(reverse("ledger:report", args=[report.pk])).text.split("审计记录")[1]
    assert "已删除的照片.pdf" in trail and "删除" in trail and "10.1.1.1" in trail
    assert "流转记录" in trail and "待负责人审核" in trail


def test_a_report_s_trail_holds_only_that_report(login, liaison, office, report, make_user, zone, water_item):
    water = make_user("shuiwu", zone, "水务局", Role.LIAISON)
    cooperating = water_item.assignments.get(role=Assignment.Role.COOPERATING)
    other = Report.objects.create(zone_id=report.zone_id, assignment=cooperating, department=cooperating.department,
                                  item=water_item, cycle=report.cycle, created_by=water, progress="水务局的进展")
    save(login(water), other, progress="水务局改过的进展")
    trail = login(office).get(reverse("ledger:report", args=[report.pk])).text.split("审计记录")[1]
    assert "初稿进展" in trail and "水务局" not in trail


def test_the_report_page_shows_no_trail_to_the_department(login, liaison, head, report):
    save(login(liaison), report, progress="改过")
    for user in (liaison, head):
        page = login(user).get(reverse("ledger:report", args=[report.pk])).text
        assert "审计记录" not in page


def test_the_item_page_shows_the_trail_of_its_status_and_assignments(login, liaison, office, report, water_item):
    login(liaison).post(reverse("ledger:report_act", args=[report.pk, "submit"]))  # creates the item's status
    lead = water_item.assignments.get(role=Assignment.Role.LEAD)
    lead.order = 9
    lead.save()
    trail = login(office).get(reverse("ledger:item", args=[water_item.pk])).text.split("审计记录")[1]
    assert "任务状态" in trail and "任务分工" in trail and "排序：</span>0 → 9" in trail
    assert "审计记录" not in login(liaison).get(reverse("ledger:item", args=[water_item.pk])).text
