"""The report flow: who may move a report where, and what each step records."""

from datetime import date

import pytest

from duban.accounts.models import Role
from duban.ledger import evidence as evidence_files
from duban.ledger import flow
from duban.ledger.models import Evidence, Report, ReportTransition
from duban.ledger.permissions import can_act
from duban.ledger.queries import awaiting, department_dues
from duban.ledger.reminders import remind_all
from duban.ledger.status import plan_facts

State, Action = Report.State, ReportTransition.Action


def test_the_happy_path_records_every_step(lead_report, liaison, guijian_head, office):
    flow.transition(lead_report, Action.SUBMIT, liaison)
    flow.transition(lead_report, Action.APPROVE, guijian_head, "同意")
    report = flow.transition(lead_report, Action.ACCEPT, office)
    assert report.state == State.ACCEPTED
    assert report.submitted_at is not None
    steps = list(report.transitions.values_list("action", "from_state", "to_state", "by__username", "comment"))
    assert steps == [
        ("submit", "draft", "submitted", "guijian", ""),
        ("approve", "submitted", "approved", "guijian_head", "同意"),
        ("accept", "approved", "accepted", "office", ""),
    ]


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, Action.APPROVE),
        (State.DRAFT, Action.ACCEPT),
        (State.DRAFT, Action.RETURN),
        (State.SUBMITTED, Action.ACCEPT),
        (State.SUBMITTED, Action.SUBMIT),
        (State.APPROVED, Action.APPROVE),
        (State.ACCEPTED, Action.RETURN),
        (State.ACCEPTED, Action.SUBMIT),
        (State.RETURNED, Action.APPROVE),
    ],
)
def test_forbidden_transitions_are_refused_and_change_nothing(lead_report, office, state, action):
    Report.objects.filter(pk=lead_report.pk).update(state=state)
    with pytest.raises(flow.FlowError):
        flow.transition(Report.objects.get(pk=lead_report.pk), action, office, "意见")
    assert Report.objects.get(pk=lead_report.pk).state == state
    assert not ReportTransition.objects.exists()


def test_return_needs_a_comment_and_reopens_the_report_for_the_liaison(lead_report, liaison, guijian_head):
    flow.transition(lead_report, Action.SUBMIT, liaison)
    with pytest.raises(flow.FlowError, match="退回时请填写意见"):
        flow.transition(lead_report, Action.RETURN, guijian_head, "  ")
    report = flow.transition(lead_report, Action.RETURN, guijian_head, "请补充佐证材料")
    assert report.state == State.RETURNED and report.is_editable
    report = flow.transition(report, Action.SUBMIT, liaison)
    assert report.state == State.SUBMITTED


def test_an_accepted_report_is_frozen_and_corrected_as_a_new_version(lead_report, liaison, guijian_head, office):
    for action, user in [(Action.SUBMIT, liaison), (Action.APPROVE, guijian_head), (Action.ACCEPT, office)]:
        flow.transition(lead_report, action, user)
    accepted = Report.objects.get(pk=lead_report.pk)
    with pytest.raises(flow.FlowError, match="不能修改"):
        flow.save_draft(accepted, liaison, accepted.revision, progress="改写")
    correction = flow.correct(accepted, liaison, "数据有误")
    assert (correction.version, correction.state, correction.progress) == (2, State.DRAFT, accepted.progress)
    assert Report.objects.get(pk=accepted.pk).state == State.ACCEPTED  # the old one is kept as it was
    with pytest.raises(flow.FlowError, match="更新的版本"):
        flow.correct(accepted, liaison)


def test_a_second_save_from_a_stale_form_is_refused_and_keeps_the_first(lead_report, liaison):
    opened_by_both = lead_report.revision
    flow.save_draft(lead_report, liaison, opened_by_both, progress="第一位同事的内容")
    with pytest.raises(flow.EditConflict):
        flow.save_draft(lead_report, liaison, opened_by_both, progress="第二位同事的内容")
    assert Report.objects.get(pk=lead_report.pk).progress == "第一位同事的内容"


# --- cooperating reports end at their head's approval; the office reviews the lead's -------------

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def shuiwu_head(make_user, zone):
    return make_user("shuiwu_head", zone, "水务局", Role.HEAD)


@pytest.fixture
def cooperating_report(water_item, june, shuiwu) -> Report:
    """水务局's draft on （八）3 for June 2020, which 规建局 leads."""
    assignment = water_item.assignments.get(role="cooperating")
    return Report.objects.create(
        zone_id=water_item.zone_id, assignment=assignment, department=assignment.department, item=water_item,
        cycle=june, created_by=shuiwu, progress="水务局配合完成管网勘察",
    )


def finalise(report, liaison, head) -> Report:
    flow.transition(report, Action.SUBMIT, liaison)
    return flow.transition(report, Action.APPROVE, head, "同意")


def test_a_cooperating_report_is_final_at_its_head_s_approval(cooperating_report, shuiwu, shuiwu_head):
    report = finalise(cooperating_report, shuiwu, shuiwu_head)
    assert report.state == State.FINAL and report.is_filed and report.is_frozen and not report.is_editable
    assert list(report.transitions.values_list("action", "from_state", "to_state")) == [
        ("submit", "draft", "submitted"), ("approve", "submitted", "final"),
    ]
    assert "随牵头部门报告" in report.get_state_display()


@pytest.mark.parametrize("action", [Action.ACCEPT, Action.RETURN, Action.SUBMIT, Action.APPROVE])
def test_a_final_cooperating_report_takes_no_further_step(cooperating_report, shuiwu, shuiwu_head, office, action):
    finalise(cooperating_report, shuiwu, shuiwu_head)
    with pytest.raises(flow.FlowError):
        flow.transition(Report.objects.get(pk=cooperating_report.pk), action, office, "意见")
    assert Report.objects.get(pk=cooperating_report.pk).state == State.FINAL


@pytest.mark.parametrize("state", [State.APPROVED, State.FINAL])
def test_the_office_may_neither_accept_nor_return_a_cooperating_report(cooperating_report, office, state):
    # APPROVED as well: a cooperating report approved before the change (the migration finalises those).
    cooperating_report.state = state
    assert not can_act(office, cooperating_report, Action.ACCEPT)
    assert not can_act(office, cooperating_report, Action.RETURN)


def test_the_office_accepts_and_returns_the_lead_report(lead_report, office, guijian_head):
    lead_report.state = State.APPROVED
    assert can_act(office, lead_report, Action.ACCEPT) and can_act(office, lead_report, Action.RETURN)
    assert not can_act(guijian_head, lead_report, Action.ACCEPT)


def test_the_head_approves_only_its_own_department_s_cooperating_report(cooperating_report, guijian_head, shuiwu_head):
    cooperating_report.state = State.SUBMITTED
    assert can_act(shuiwu_head, cooperating_report, Action.APPROVE)
    assert not can_act(guijian_head, cooperating_report, Action.APPROVE)  # the lead's head does not approve it


def test_the_office_s_queue_holds_only_lead_reports(lead_report, cooperating_report, liaison, guijian_head,
                                                    shuiwu, shuiwu_head, office):
    flow.transition(lead_report, Action.SUBMIT, liaison)
    flow.transition(lead_report, Action.APPROVE, guijian_head)
    finalise(cooperating_report, shuiwu, shuiwu_head)
    Report.objects.filter(pk=cooperating_report.pk).update(state=State.APPROVED)  # even a legacy one
    assert list(awaiting(office)) == [lead_report]


def test_a_final_cooperating_report_is_corrected_as_a_new_version(cooperating_report, shuiwu, shuiwu_head):
    final = finalise(cooperating_report, shuiwu, shuiwu_head)
    correction = flow.correct(final, shuiwu, "数据有误")
    assert (correction.version, correction.state, correction.is_lead) == (2, State.DRAFT, False)
    assert correction.transitions.get().from_state == State.FINAL
    assert Report.objects.get(pk=final.pk).state == State.FINAL


# --- a correction carries the evidence, and the cycle stays filed while it is open -----------------

def accept(report, liaison, head, office) -> Report:
    for action, user in [(Action.SUBMIT, liaison), (Action.APPROVE, head), (Action.ACCEPT, office)]:
        report = flow.transition(report, action, user)
    return report


def attach(report, user):
    Evidence.objects.create(zone_id=report.zone_id, report=report, kind=Evidence.Kind.LINK, title="公示链接",
                            url="https://example.invalid/notice", uploaded_by=user)
    return Evidence.objects.create(
        zone_id=report.zone_id, report=report, kind=Evidence.Kind.FILE, title="流程图.pdf",
        stored_name=evidence_files.store(report.zone_id, PDF), content_type="application/pdf", size=len(PDF),
        sha256="0" * 64, uploaded_by=user,
    )


def test_a_correction_carries_the_old_version_s_evidence(lead_report, liaison, guijian_head, office):
    original = attach(lead_report, liaison)
    correction = flow.correct(accept(lead_report, liaison, guijian_head, office), guijian_head)
    carried = {e.title: e for e in correction.evidence.all()}
    assert set(carried) == {"公示链接", "流程图.pdf"}
    copy = carried["流程图.pdf"]
    assert copy.pk != original.pk and copy.report_id == correction.pk
    assert (copy.stored_name, copy.sha256, copy.size, copy.uploaded_by_id) == (
        original.stored_name, original.sha256, original.size, liaison.pk)
    assert carried["公示链接"].url == "https://example.invalid/notice"
    copy.delete()  # dropped from the draft correction: the old version keeps its row and its file
    assert lead_report.evidence.filter(pk=original.pk).exists()
    assert evidence_files.path_of(original.zone_id, original.stored_name).read_bytes() == PDF


def test_a_cycle_under_correction_stays_filed_in_the_inbox_reminders_and_status(
        plan, water_item, lead_report, liaison, guijian_head, office, pinned):
    flow.correct(accept(lead_report, liaison, guijian_head, office), liaison)
    today = pinned(date(2020, 6, 26))  # June is overdue by now
    june = [(d.obligation.item.pk, d.cycle.label) for d in department_dues(lead_report.department, today)]
    assert (water_item.pk, "2020年6月") not in june and (water_item.pk, "2020年5月") in june
    facts = plan_facts(plan, today)[water_item.pk]
    assert [c.filed for c in facts.cycles if c.label == "2020年6月"] == [True]
    remind_all(today)
    overdue = liaison.notifications.get(title__startswith="规建局：2020年6月台账已逾期")
    assert water_item.code not in overdue.body


def test_a_returned_correction_still_leaves_the_cycle_filed(lead_report, liaison, guijian_head, office, pinned):
    correction = flow.correct(accept(lead_report, liaison, guijian_head, office), liaison)
    flow.transition(correction, Action.SUBMIT, liaison)
    flow.transition(correction, Action.RETURN, guijian_head, "请核实数据")
    dues = department_dues(lead_report.department, pinned(date(2020, 6, 26)))
    assert not [d for d in dues if d.report and d.report.pk == correction.pk]


def test_the_migration_finalises_cooperating_reports_left_waiting_for_the_office(lead_report, cooperating_report):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("duban.ledger.migrations.0002_cooperating_final_and_evidence_carry")
    Report.objects.filter(pk__in=[lead_report.pk, cooperating_report.pk]).update(state=State.APPROVED)
    migration.finalise_approved_cooperating(apps, None)
    assert Report.objects.get(pk=cooperating_report.pk).state == State.FINAL
    assert Report.objects.get(pk=lead_report.pk).state == State.APPROVED  # still the office's to accept
