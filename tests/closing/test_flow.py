"""The reconciliation's rules (flow.py): opening, applying, deciding, sending back, disputes, sign-off, closing."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from duban.closing import flow, outcomes
from duban.closing.models import Attachment, Line, LineStep, Reconciliation, Sheet
from duban.ledger.obligations import obligations_of_plan
from duban.plans.models import Assignment

from .conftest import PDF, applied, closed_out

Ruling, Decision, Request, State = flow.Ruling, Line.Decision, Line.Request, Line.State


def test_opening_makes_a_sheet_per_department_and_a_line_per_obligation(plan, reconciliation, guijian_sheet, water_item):
    obligations = obligations_of_plan(plan)
    assert Line.objects.filter(sheet__reconciliation=reconciliation).count() == len(obligations)
    assert reconciliation.sheets.count() == len({o.department.pk for o in obligations}) == 16
    mine = {(o.assignment.pk, o.is_lead) for o in obligations if o.department.name == "规建局"}
    assert {(line.assignment_id, line.is_lead) for line in guijian_sheet.lines.all()} == mine
    # 各部门: one line per department on the same assignment, each on its own sheet.
    everyone = Assignment.objects.filter(item__task__plan=plan, department__isnull=True).first()
    assert Line.objects.filter(assignment=everyone).values("department").distinct().count() == 16 - (
        Assignment.objects.filter(item=everyone.item, department__isnull=False).values("department").distinct().count()
    )
    assert all(line.state == State.PENDING for line in Line.objects.all())


def test_a_plan_is_reconciled_once(plan, reconciliation, office):
    with pytest.raises(flow.FlowError, match="已发起对账销号，不能重复发起"):
        flow.open_reconciliation(plan, office)
    assert Reconciliation.objects.count() == 1


def test_applying_needs_a_statement_and_evidence(water_line, liaison):
    with pytest.raises(flow.FlowError, match="请先上传佐证材料"):
        flow.apply(water_line, liaison, Request.CLOSE, "已完成")
    flow.add_evidence(water_line, liaison, "验收报告.pdf", PDF)
    with pytest.raises(flow.FlowError, match="请填写申请说明"):
        flow.apply(water_line, liaison, Request.CLOSE, "   ")
    with pytest.raises(flow.FlowError, match="请选择申请类型"):
        flow.apply(water_line, liaison, "finish", "已完成")
    line = flow.apply(water_line, liaison, Request.CLOSE, "用水报装压缩至 12 个工作日")
    assert (line.state, line.request, line.applied_by) == (State.APPLIED, Request.CLOSE, liaison)
    assert line.steps.get().action == LineStep.Action.APPLY


def test_evidence_is_checked_as_the_ledger_checks_it(water_line, liaison):
    with pytest.raises(flow.FlowError, match="旧版说明.doc：不接受旧版 Office 格式"):
        flow.add_evidence(water_line, liaison, "旧版说明.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert not Attachment.objects.exists()


def test_the_office_cannot_decide_a_line_nobody_applied_for(water_line, office):
    with pytest.raises(flow.FlowError, match="当前状态为“待申请”，不能办公室审定"):
        flow.decide(water_line, office, Ruling(Decision.CLOSED))


def test_closing_out_a_line(water_line, liaison, office):
    line = closed_out(water_line, liaison, office)
    assert (line.state, line.decision, line.decided_by) == (State.DECIDED, Decision.CLOSED, office)
    with pytest.raises(flow.FlowError, match="当前状态为“已审定”，不能部门申请"):
        flow.apply(line, liaison, Request.CLOSE, "再申请一次")


@pytest.mark.parametrize(("ruling", "message"), [
    (Ruling(Decision.CARRIED_OVER, "", date(2021, 6, 30), "完成系统建设"), "结转须填写结转原因"),
    (Ruling(Decision.CARRIED_OVER, "系统未建成", None, "完成系统建设"), "结转须填写新的完成时限"),
    (Ruling(Decision.CARRIED_OVER, "系统未建成", date(2020, 12, 31), "完成系统建设"),
     "结转后的完成时限须在2021年或以后，2020年12月31日不在下一年度"),
    (Ruling(Decision.CARRIED_OVER, "系统未建成", date(2021, 6, 30), ""), "结转须填写阶段目标"),
    (Ruling(Decision.ADJUSTED, "", approval=("批复.pdf", PDF)), "调整须说明调整内容"),
    (Ruling(Decision.ADJUSTED, "取消该项任务"), "调整须附批准文件"),
    (Ruling(Decision.RETURNED, ""), "退回须填写补充整改要求"),
    (Ruling("done"), "请选择审定结果"),
])
def test_a_decision_without_what_it_needs_is_refused_and_changes_nothing(water_line, liaison, office, ruling, message):
    line = applied(water_line, liaison)
    with pytest.raises(flow.FlowError, match=message):
        flow.decide(line, office, ruling)
    line.refresh_from_db()
    assert (line.state, line.decision) == (State.APPLIED, "")
    assert not line.attachments.filter(purpose=Attachment.Purpose.APPROVAL).exists()
    assert list(line.steps.values_list("action", flat=True)) == [LineStep.Action.APPLY]


def test_a_decision_lacking_several_things_names_them_all_at_once(water_line, liaison, office):
    line = applied(water_line, liaison)
    with pytest.raises(flow.FlowError) as refused:
        flow.decide(line, office, Ruling(Decision.CARRIED_OVER, " ", date(2020, 12, 31), ""))
    assert str(refused.value) == ("审定未通过，请补充：结转须填写结转原因；"
                                  "结转后的完成时限须在2021年或以后，2020年12月31日不在下一年度；结转须填写阶段目标")
    with pytest.raises(flow.FlowError) as refused:
        flow.decide(line, office, Ruling(Decision.CARRIED_OVER))
    assert "结转须填写结转原因；结转须填写新的完成时限；结转须填写阶段目标" in str(refused.value)
    with pytest.raises(flow.FlowError) as refused:
        flow.decide(line, office, Ruling(Decision.ADJUSTED))
    assert str(refused.value) == "审定未通过，请补充：调整须说明调整内容（变更或取消）；调整须附批准文件"
    line.refresh_from_db()
    assert (line.state, line.decision) == (State.APPLIED, "")


def test_carrying_over_and_adjusting_keep_what_they_need(water_line, guijian_sheet, liaison, office, water_item):
    line = flow.decide(applied(water_line, liaison, Request.CARRY_OVER), office,
                       Ruling(Decision.CARRIED_OVER, "燃气管网年内未建成", date(2021, 6, 30), "完成燃气报装线上办理"))
    assert (line.decision, line.new_deadline, line.stage_goal) == (Decision.CARRIED_OVER, date(2021, 6, 30),
                                                                   "完成燃气报装线上办理")
    step = line.steps.last()
    assert (step.outcome, step.new_deadline, step.comment) == (Decision.CARRIED_OVER, date(2021, 6, 30), "燃气管网年内未建成")

    other = guijian_sheet.lines.exclude(pk=line.pk).first()
    adjusted = flow.decide(applied(other, liaison, Request.ADJUST), office,
                           Ruling(Decision.ADJUSTED, "按管委会批复取消", approval=("管委会批复.pdf", PDF)))
    assert adjusted.decision == Decision.ADJUSTED
    assert adjusted.attachments.get(purpose=Attachment.Purpose.APPROVAL).title == "管委会批复.pdf"


def test_sending_back_and_applying_again(water_line, liaison, office):
    line = flow.decide(applied(water_line, liaison), office, Ruling(Decision.RETURNED, "补充验收材料"))
    assert (line.state, line.decision_note) == (State.RETURNED, "补充验收材料")
    assert outcomes.decisions(line.sheet.reconciliation.plan)[(line.assignment_id, line.department_id)] == "returned"
    # The evidence stays; the liaison adds what was asked for and applies again.
    flow.add_evidence(line, liaison, "验收报告.pdf", PDF)
    line = flow.apply(line, liaison, Request.CLOSE, "已补充验收报告")
    assert line.state == State.APPLIED and line.attachments.count() == 2
    line = flow.decide(line, office, Ruling(Decision.CLOSED))
    assert outcomes.decisions(line.sheet.reconciliation.plan)[(line.assignment_id, line.department_id)] == "closed"
    assert [s.action for s in line.steps.all()] == ["apply", "decide", "apply", "decide"]


def test_evidence_can_be_removed_only_while_the_line_may_still_apply(water_line, liaison, office):
    spare = flow.add_evidence(water_line, liaison, "多余.pdf", PDF)
    flow.remove_evidence(spare)
    line = applied(water_line, liaison)
    with pytest.raises(flow.FlowError, match="只有待申请或已退回事项的佐证材料可以删除"):
        flow.remove_evidence(line.attachments.get())
    with pytest.raises(flow.FlowError, match="不能再添加佐证材料"):
        flow.add_evidence(line, liaison, "迟到.pdf", PDF)


def _close_out_sheet(sheet: Sheet, liaison, office) -> None:
    for line in sheet.lines.all():
        closed_out(line, liaison, office)


def test_the_head_confirms_only_a_sheet_whose_every_line_is_decided(guijian_sheet, liaison, guijian_head, office):
    first, *rest = guijian_sheet.lines.all()
    closed_out(first, liaison, office)
    with pytest.raises(flow.FlowError, match=r"对账单尚有事项未审定或有异议（待申请 \d+ 项），不能确认"):
        flow.confirm(guijian_sheet, guijian_head)
    for line in rest:
        closed_out(line, liaison, office)
    sheet = flow.confirm(guijian_sheet, guijian_head)
    assert (sheet.state, sheet.confirmed_by) == (Sheet.State.CONFIRMED, guijian_head) and sheet.confirmed_at
    # A confirmed sheet is frozen.
    with pytest.raises(flow.FlowError, match="已由部门负责人确认，不能再修改"):
        flow.dispute(first, guijian_head, "晚了")
    with pytest.raises(flow.FlowError, match="已由部门负责人确认"):
        flow.confirm(guijian_sheet, guijian_head)


def test_a_dispute_holds_the_sheet_until_the_office_resolves_it(guijian_sheet, liaison, guijian_head, office):
    _close_out_sheet(guijian_sheet, liaison, office)
    first, second = guijian_sheet.lines.all()[:2]
    with pytest.raises(flow.FlowError, match="提出异议须填写异议内容"):
        flow.dispute(first, guijian_head, "")
    flow.dispute(first, guijian_head, "本项应为结转：燃气管网未建成")
    with pytest.raises(flow.FlowError, match="有异议 1 项"):
        flow.confirm(guijian_sheet, guijian_head)
    # The office keeps its decision, with its answer...
    with pytest.raises(flow.FlowError, match="处理异议须填写处理意见"):
        flow.resolve(first, office, "")
    kept = flow.resolve(first, office, "佐证材料显示已完成，维持销号")
    assert (kept.state, kept.decision) == (State.DECIDED, Decision.CLOSED)
    assert kept.steps.last().outcome_label == "维持原审定"
    # ...or decides again: here it sends the line back, which the department must answer.
    flow.dispute(second, guijian_head, "未完成，不应销号")
    returned = flow.resolve(second, office, "同意异议", Ruling(Decision.RETURNED, "请按实际情况申请结转"))
    assert (returned.state, returned.decision) == (State.RETURNED, Decision.RETURNED)
    with pytest.raises(flow.FlowError, match="已退回 1 项"):
        flow.confirm(guijian_sheet, guijian_head)
    flow.decide(flow.apply(returned, liaison, Request.CARRY_OVER, "未完成"), office,
                Ruling(Decision.CARRIED_OVER, "未完成", date(2021, 3, 31), "完成剩余工作"))
    assert flow.confirm(guijian_sheet, guijian_head).is_confirmed


def test_only_a_disputed_line_is_resolved(water_line, liaison, office):
    line = closed_out(water_line, liaison, office)
    with pytest.raises(flow.FlowError, match="当前状态为“已审定”，不能办公室处理异议"):
        flow.resolve(line, office, "维持")


def test_closing_needs_every_sheet_confirmed_then_freezes_everything(reconciliation, sheet_of, liaison, guijian_head,
                                                                      office, make_user, zone):
    guijian = sheet_of("规建局")
    _close_out_sheet(guijian, liaison, office)
    flow.confirm(guijian, guijian_head)
    with pytest.raises(flow.FlowError, match="以下部门的对账单尚未确认，不能关闭：经发局、党政办"):
        flow.close(reconciliation, office)
    from duban.accounts.models import Role

    for sheet in reconciliation.sheets.exclude(pk=guijian.pk).select_related("department"):
        name = sheet.department.name
        person = make_user(f"liaison-{sheet.pk}", zone, name, Role.LIAISON)
        head = make_user(f"head-{sheet.pk}", zone, name, Role.HEAD)
        _close_out_sheet(sheet, person, office)
        flow.confirm(sheet, head)
    closed = flow.close(reconciliation, office)
    assert closed.is_closed and closed.closed_by == office and closed.carried_to is None  # nothing carried
    with pytest.raises(flow.FlowError, match="对账销号已关闭，不能再修改"):
        flow.dispute(guijian.lines.first(), guijian_head, "晚了")
    with pytest.raises(flow.FlowError, match="对账销号已关闭"):
        flow.close(reconciliation, office)


def test_outcomes_map_each_obligation_to_its_latest_decision(plan, reconciliation, sheet_of, water_line, liaison, office,
                                                              shuiwu):
    assert outcomes.closing_of(plan) == reconciliation
    closed_out(water_line, liaison, office)
    everyone = sheet_of("水务局").lines.filter(assignment__department__isnull=True).first()
    closed_out(everyone, shuiwu, office)
    assert outcomes.decisions(plan) == {
        (water_line.assignment_id, water_line.department_id): "closed",
        (everyone.assignment_id, everyone.department_id): "closed",  # 各部门: the department is part of the key
    }


def test_no_reconciliation_no_outcomes(plan):
    assert outcomes.closing_of(plan) is None and outcomes.decisions(plan) == {}


def test_every_step_is_on_the_audit_trail(water_line, liaison, guijian_head, office):
    line = flow.decide(applied(water_line, liaison), office, Ruling(Decision.RETURNED, "补充材料"))
    flow.decide(flow.apply(line, liaison, Request.CLOSE, "已补充"), office, Ruling(Decision.CLOSED))
    flow.dispute(line, guijian_head, "异议")
    flow.resolve(line, office, "维持")

    def entries(model, pk=None):
        found = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                        additional_data__zone=line.zone_id)
        return found.filter(object_id=pk) if pk else found

    assert entries(Line, line.pk).filter(action=LogEntry.Action.UPDATE).count() == 6
    assert entries(LineStep).count() == 6
    assert entries(Attachment).count() == 1
    assert entries(Reconciliation).count() == 1 and entries(Sheet).count() == 16


def test_a_carry_over_application_keeps_its_proposal_in_the_line_s_history(water_line, liaison):
    flow.add_evidence(water_line, liaison, "说明.pdf", PDF)
    line = flow.apply(water_line, liaison, Request.CARRY_OVER, "管网未建成", date(2021, 9, 30), " 完成管网建设 ")
    assert (line.requested_deadline, line.requested_stage_goal) == (date(2021, 9, 30), "完成管网建设")
    step = line.steps.get()
    assert (step.outcome, step.new_deadline, step.stage_goal) == ("carry_over", date(2021, 9, 30), "完成管网建设")
