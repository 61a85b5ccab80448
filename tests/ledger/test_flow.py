"""The report flow: who may move a report where, and what each step records."""

import pytest

from duban.ledger import flow
from duban.ledger.models import Report, ReportTransition

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
