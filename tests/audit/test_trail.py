"""Every change made through the pages is in the trail: who, when, from where, before and after."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from duban.audit.addresses import client_ip
from duban.ledger.models import Evidence, ItemStatus, Report, ReportTransition

from .conftest import save_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def entries_of(model, **filters):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **filters).order_by("pk")


def test_saving_a_draft_records_who_from_where_and_before_after(login, liaison, report):
    client = login(liaison, "10.20.30.40")
    response = client.post(reverse("ledger:report_save", args=[report.pk]), save_form(report, progress="完成流程梳理"))
    assert response.status_code == 302
    entry = entries_of(Report, object_id=report.pk, action=LogEntry.Action.UPDATE).get()
    assert entry.actor == liaison
    assert entry.remote_addr == "10.20.30.40"
    assert entry.changes_dict["progress"] == ["初稿进展", "完成流程梳理"]
    assert entry.additional_data == {"zone": report.zone_id}
    # The optimistic-lock counter and the timestamp move on every save; they are not changes.
    assert set(entry.changes_dict) == {"progress"}


def test_a_transition_records_the_new_transition_and_the_state_change(login, liaison, head, report):
    login(liaison, "10.0.0.1").post(reverse("ledger:report_act", args=[report.pk, "submit"]))
    login(head, "10.0.0.2").post(reverse("ledger:report_act", args=[report.pk, "return"]), {"comment": "请补充数据"})
    states = [e.changes_dict["state"] for e in entries_of(Report, object_id=report.pk, action=LogEntry.Action.UPDATE)]
    assert states == [["draft", "submitted"], ["submitted", "returned"]]
    created = entries_of(ReportTransition, action=LogEntry.Action.CREATE)
    assert [(e.actor.username, e.remote_addr) for e in created] == [("guijian", "10.0.0.1"), ("guijian_head", "10.0.0.2")]
    assert created.last().changes_dict["comment"] == ["None", "请补充数据"]


def test_evidence_upload_and_deletion_are_both_recorded(login, liaison, report):
    client = login(liaison, "10.9.8.7")
    client.post(reverse("ledger:evidence_add", args=[report.pk]), {"file": SimpleUploadedFile("验收报告.pdf", PDF)})
    evidence = Evidence.objects.get()
    client.post(reverse("ledger:evidence_delete", args=[evidence.pk]))
    assert not Evidence.objects.exists()
    actions = [(e.action, e.object_repr, e.actor, e.remote_addr) for e in entries_of(Evidence, object_id=evidence.pk)]
    assert actions == [
        (LogEntry.Action.CREATE, "验收报告.pdf", liaison, "10.9.8.7"),
        (LogEntry.Action.DELETE, "验收报告.pdf", liaison, "10.9.8.7"),
    ]


def test_the_item_status_is_recorded_when_a_lead_report_moves_it(login, liaison, report):
    login(liaison).post(reverse("ledger:report_act", args=[report.pk, "submit"]))
    status = ItemStatus.objects.get(item=report.item)
    assert entries_of(ItemStatus, object_id=status.pk, action=LogEntry.Action.CREATE).exists()


def test_a_forged_forwarded_for_header_does_not_change_the_recorded_address(login, liaison, report):
    client = login(liaison, "10.20.30.40")
    client.post(reverse("ledger:report_save", args=[report.pk]), save_form(report, progress="新"),
                headers={"X-Forwarded-For": "8.8.8.8"})
    assert entries_of(Report, action=LogEntry.Action.UPDATE).get().remote_addr == "10.20.30.40"


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "8.8.8.8", "10.0.0.5"),                    # no proxy configured: the header is the client's own words
    (1, "8.8.8.8, 192.0.2.7", "192.0.2.7"),        # one proxy: it appended the real peer, on the right
    (2, "8.8.8.8, 192.0.2.7, 10.1.1.1", "192.0.2.7"),
    (1, "", "10.0.0.5"),                           # a proxy that forwarded nothing
    (1, "not-an-address", "10.0.0.5"),
])
def test_the_client_address_believes_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_importing_a_plan_records_each_assignment_and_target(plan):
    from duban.plans.models import Assignment, Target

    for model in (Assignment, Target):
        created = entries_of(model, action=LogEntry.Action.CREATE)
        assert created.count() == model.objects.filter(item__task__plan=plan).count() > 0, model
        assert {e.additional_data["zone"] for e in created} == {plan.zone_id}
