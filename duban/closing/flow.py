"""The reconciliation's rules: who may move a line from which state to which, and what each move needs.

A line:  待申请 ─申请→ 待办公室审定 ─审定→ 已审定 (销号 / 结转 / 调整)
                        ↑                 └────→ 已退回 (退回, with 补充整改要求) ─申请→ …
         已审定 ─负责人异议→ 有异议 ─办公室处理→ 已审定 (维持 or a new decision) or 已退回
A sheet is confirmed by its head once every line is 已审定; a confirmed sheet is frozen.
Closing the reconciliation needs every sheet confirmed; it lands the carried-over items in next
year's plan (``carry.py``) and freezes everything.

Each function checks the state (not the user's rights: that is permissions.py, called first by
every view), refuses an illegal move with ``FlowError`` and a Chinese message, performs the change
and records it (``LineStep``), in one transaction, with the row locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse

from duban.accounts.models import Role, User
from duban.clock import now
from duban.dates import cn_date
from duban.ledger import evidence as evidence_files
from duban.ledger.obligations import obligations_of_plan
from duban.notifications.sending import notify
from duban.plans.models import Plan

from .models import Attachment, Line, LineStep, Reconciliation, Sheet

State, Request, Decision, Action = Line.State, Line.Request, Line.Decision, LineStep.Action


class FlowError(Exception):
    """A move the reconciliation's state does not allow; the message is for the user."""


# action → the line states it may start from
SOURCES = {
    Action.APPLY: (State.PENDING, State.RETURNED),
    Action.DECIDE: (State.APPLIED,),
    Action.DISPUTE: (State.DECIDED,),
    Action.RESOLVE: (State.DISPUTED,),
}


@dataclass(frozen=True)
class Ruling:
    """What the office decides on a line: the decision and what it needs."""

    decision: str
    note: str = ""
    new_deadline: date | None = None
    stage_goal: str = ""
    approval: tuple[str, bytes] | None = None  # (file name, content) of an adjustment's approval document


# ---- opening


@transaction.atomic
def open_reconciliation(plan: Plan, user) -> Reconciliation:
    """Open the plan's reconciliation: a sheet per department with obligations, a line per obligation."""
    Plan.objects.select_for_update().only("pk").get(pk=plan.pk)  # two offices opening at once: one waits
    if Reconciliation.objects.filter(plan=plan).exists():
        raise FlowError(f"《{plan.title}》已发起对账销号，不能重复发起")
    obligations = obligations_of_plan(plan)
    if not obligations:
        raise FlowError(f"《{plan.title}》没有任何任务分工，无需对账")
    reconciliation = Reconciliation.objects.create(zone_id=plan.zone_id, plan=plan, opened_by=user)
    sheets: dict[int, Sheet] = {}
    for obligation in sorted(obligations, key=lambda o: (o.department.order, o.department.name)):
        department = obligation.department
        if department.pk not in sheets:
            sheets[department.pk] = Sheet.objects.create(
                zone_id=plan.zone_id, reconciliation=reconciliation, department=department)
        # One save each, not bulk_create: lines are on the audit trail, whose signals bulk writes skip.
        Line.objects.create(
            zone_id=plan.zone_id, sheet=sheets[department.pk], assignment=obligation.assignment,
            department=department, item=obligation.item, is_lead=obligation.is_lead,
        )
    for sheet in sheets.values():
        notify(plan.zone, _speakers(sheet.department_id, Role.LIAISON, Role.HEAD), f"closing-opened:{sheet.pk}",
               f"{plan.year}年度对账销号已开始：请核对{sheet.department.name}对账单并逐项申请",
               f"《{plan.title}》", reverse("closing:sheet", args=[sheet.pk]))
    return reconciliation


# ---- lines


def _locked(line: Line) -> Line:
    """The line re-read under a row lock, refused once its sheet is confirmed or the reconciliation closed."""
    # The line and its sheet, so a confirmation (which locks the sheet) and a move on a line never cross;
    # not the reconciliation, so lines of different sheets move side by side.
    locked = (Line.objects.select_for_update(of=("self", "sheet"))
              .select_related("sheet", "sheet__reconciliation").get(pk=line.pk))
    _refuse_if_frozen(locked.sheet)
    return locked


def _refuse_if_frozen(sheet: Sheet) -> None:
    if sheet.reconciliation.is_closed:
        raise FlowError("对账销号已关闭，不能再修改")
    if sheet.is_confirmed:
        raise FlowError("该对账单已由部门负责人确认，不能再修改")


def _refuse_unless(line: Line, action: str) -> None:
    if line.state not in SOURCES[action]:
        raise FlowError(f"该事项当前状态为“{line.get_state_display()}”，不能{Action(action).label}")


def _step(line: Line, action: str, before: str, user, outcome: str = "", comment: str = "",
          ruling: Ruling | None = None) -> LineStep:
    return LineStep.objects.create(
        zone_id=line.zone_id, line=line, action=action, outcome=outcome, comment=comment, from_state=before,
        to_state=line.state, by=user, new_deadline=ruling.new_deadline if ruling else None,
        stage_goal=ruling.stage_goal if ruling else "",
    )


@transaction.atomic
def apply(line: Line, user, request: str, statement: str, deadline: date | None = None, stage_goal: str = "") -> Line:
    """The department applies: 申请销号 / 申请结转 / 申请调整, with a statement and evidence on the line;
    for 申请结转 it may propose the new deadline and the stage goal, which the office's form starts from."""
    locked = _locked(line)
    _refuse_unless(locked, Action.APPLY)
    if request not in Request.values:
        raise FlowError("请选择申请类型：申请销号、申请结转或申请调整")
    carry = request == Request.CARRY_OVER
    problems = []
    if not statement.strip():
        problems.append("请填写申请说明")
    if not locked.attachments.filter(purpose=Attachment.Purpose.EVIDENCE).exists():
        problems.append("请先上传佐证材料再提出申请")
    year = locked.sheet.reconciliation.plan.year
    if carry and deadline is not None and deadline.year <= year:
        problems.append(f"拟完成时限须在{year + 1}年或以后，{cn_date(deadline)}不在下一年度")
    if problems:
        raise FlowError("；".join(problems))
    before = locked.state
    locked.state, locked.request, locked.statement = State.APPLIED, request, statement.strip()
    locked.requested_deadline = deadline if carry else None
    locked.requested_stage_goal = stage_goal.strip() if carry else ""
    locked.applied_by, locked.applied_at = user, now()
    locked.save()
    _step(locked, Action.APPLY, before, user, request, locked.statement,
          Ruling(request, new_deadline=locked.requested_deadline, stage_goal=locked.requested_stage_goal))
    return locked


def default_new_deadline(plan: Plan) -> date:
    """The new deadline offered for a carry-over when the department proposed none: 30 June of the
    year after the plan's — half a year to finish what remained, like the province's 结转 practice.
    From the plan's year, not from today, so a reconciliation finished in January offers the same."""
    return date(plan.year + 1, 6, 30)


def initial_ruling(line: Line) -> dict:
    """What the office's decision form starts from: the decision the request asks for (申请销号 → 销号,
    申请结转 → 结转, 申请调整 → 调整), and for 结转 the department's proposed deadline (else
    ``default_new_deadline``) and stage goal."""
    decision = {Request.CLOSE: Decision.CLOSED, Request.CARRY_OVER: Decision.CARRIED_OVER,
                Request.ADJUST: Decision.ADJUSTED}.get(line.request, Decision.CLOSED)
    initial = {"decision": decision}
    if decision == Decision.CARRIED_OVER:
        initial["new_deadline"] = line.requested_deadline or default_new_deadline(line.sheet.reconciliation.plan)
        initial["stage_goal"] = line.requested_stage_goal
    return initial


def ruling_problems(line: Line, ruling: Ruling) -> list[str]:
    """Everything a decision lacks, each in Chinese, all at once (the office fixes them in one go):
    结转 needs a reason, a new deadline in a later year and a stage goal; 调整 what changed and the
    approval document; 退回 补充整改要求."""
    if ruling.decision not in Decision.values:
        return ["请选择审定结果：销号、结转、调整或退回"]
    note = ruling.note.strip()
    problems = []
    if ruling.decision == Decision.CARRIED_OVER:
        year = line.sheet.reconciliation.plan.year
        if not note:
            problems.append("结转须填写结转原因")
        if ruling.new_deadline is None:
            problems.append("结转须填写新的完成时限")
        elif ruling.new_deadline.year <= year:
            problems.append(f"结转后的完成时限须在{year + 1}年或以后，{cn_date(ruling.new_deadline)}不在下一年度")
        if not ruling.stage_goal.strip():
            problems.append("结转须填写阶段目标")
    elif ruling.decision == Decision.ADJUSTED:
        if not note:
            problems.append("调整须说明调整内容（变更或取消）")
        if ruling.approval is None and not line.attachments.filter(purpose=Attachment.Purpose.APPROVAL).exists():
            problems.append("调整须附批准文件")
    elif ruling.decision == Decision.RETURNED and not note:
        problems.append("退回须填写补充整改要求")
    return problems


def check_ruling(line: Line, ruling: Ruling) -> None:
    """Refuse a decision that lacks what it needs, naming every gap in one message."""
    problems = ruling_problems(line, ruling)
    if problems:
        raise FlowError(f"审定未通过，请补充：{'；'.join(problems)}")


def _rule(line: Line, ruling: Ruling, user) -> None:
    """Write the office's decision on the (locked) line, with its approval document if one came."""
    check_ruling(line, ruling)
    if ruling.approval is not None:
        name, data = ruling.approval
        attach(line, user, name, data, Attachment.Purpose.APPROVAL)
    carried = ruling.decision == Decision.CARRIED_OVER
    line.decision, line.decision_note = ruling.decision, ruling.note.strip()
    line.new_deadline = ruling.new_deadline if carried else None
    line.stage_goal = ruling.stage_goal.strip() if carried else ""
    line.decided_by, line.decided_at = user, now()
    line.state = State.RETURNED if ruling.decision == Decision.RETURNED else State.DECIDED
    line.save()


@transaction.atomic
def decide(line: Line, user, ruling: Ruling) -> Line:
    """The office decides an applied line: 销号, 结转, 调整 or 退回."""
    locked = _locked(line)
    _refuse_unless(locked, Action.DECIDE)
    before = locked.state
    _rule(locked, ruling, user)
    _step(locked, Action.DECIDE, before, user, ruling.decision, locked.decision_note, ruling)
    _after_ruling(locked)
    return locked


@transaction.atomic
def dispute(line: Line, user, comment: str) -> Line:
    """The department head disputes a decided line (before confirming the sheet)."""
    locked = _locked(line)
    _refuse_unless(locked, Action.DISPUTE)
    if not comment.strip():
        raise FlowError("提出异议须填写异议内容")
    before = locked.state
    locked.state = State.DISPUTED
    locked.save()
    step = _step(locked, Action.DISPUTE, before, user, comment=comment.strip())
    sheet = locked.sheet
    notify(sheet.department.zone, _office(locked.zone_id), f"closing-disputed:{step.pk}",
           f"{sheet.department.name}对对账事项提出异议", comment.strip(),
           reverse("closing:sheet", args=[sheet.pk]) + f"#line-{locked.pk}")
    return locked


@transaction.atomic
def resolve(line: Line, user, reply: str, ruling: Ruling | None = None) -> Line:
    """The office answers a dispute: keeps its decision (``ruling`` None) or rules again."""
    locked = _locked(line)
    _refuse_unless(locked, Action.RESOLVE)
    if not reply.strip():
        raise FlowError("处理异议须填写处理意见")
    before = locked.state
    if ruling is None:
        locked.state = State.DECIDED
        locked.save()
        _step(locked, Action.RESOLVE, before, user, comment=reply.strip())
    else:
        _rule(locked, ruling, user)
        _step(locked, Action.RESOLVE, before, user, ruling.decision, reply.strip(), ruling)
    _after_ruling(locked)
    return locked


def _after_ruling(line: Line) -> None:
    """Tell the department what needs it: a line sent back, or a sheet ready for its head."""
    sheet = line.sheet
    zone = sheet.department.zone
    link = reverse("closing:sheet", args=[sheet.pk])
    if line.state == State.RETURNED:
        last = line.steps.order_by("-pk").values_list("pk", flat=True).first()
        notify(zone, _speakers(sheet.department_id, Role.LIAISON), f"closing-returned:{last}",
               f"对账事项被退回：{line.item.code}，请按补充整改要求重新申请", line.decision_note,
               link + f"#line-{line.pk}")
    elif not sheet.lines.exclude(state=State.DECIDED).exists():
        rounds = LineStep.objects.filter(line__sheet=sheet).count()  # a new key each time the sheet becomes ready
        notify(zone, _speakers(sheet.department_id, Role.HEAD), f"closing-ready:{sheet.pk}:{rounds}",
               f"{sheet.department.name}对账单已全部审定，请负责人确认", "", link)


# ---- attachments


def attach(line: Line, user, name: str, data: bytes, purpose: str) -> Attachment:
    """Check a file as ledger evidence is checked, store it, and put it on the line.

    A file refused raises ``FlowError`` with the evidence check's message (naming the file, in Chinese).
    """
    try:
        checked = evidence_files.check(name, data)
    except evidence_files.EvidenceRejected as error:
        raise FlowError(str(error)) from error
    return Attachment.objects.create(
        zone_id=line.zone_id, line=line, purpose=purpose, title=checked.name,
        stored_name=evidence_files.store(line.zone_id, data), content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, uploaded_by=user,
    )


@transaction.atomic
def add_evidence(line: Line, user, name: str, data: bytes) -> Attachment:
    """The department's evidence for its application, while the line awaits one (待申请 or 已退回)."""
    locked = _locked(line)
    if locked.state not in SOURCES[Action.APPLY]:
        raise FlowError(f"该事项当前状态为“{locked.get_state_display()}”，不能再添加佐证材料")
    return attach(locked, user, name, data, Attachment.Purpose.EVIDENCE)


@transaction.atomic
def remove_evidence(attachment: Attachment) -> None:
    """Remove the department's evidence row while it may still apply; the file stays for the audit trail."""
    locked = _locked(attachment.line)
    if attachment.purpose != Attachment.Purpose.EVIDENCE or locked.state not in SOURCES[Action.APPLY]:
        raise FlowError("只有待申请或已退回事项的佐证材料可以删除")
    attachment.delete()


# ---- sheets and the reconciliation


@transaction.atomic
def confirm(sheet: Sheet, user) -> Sheet:
    """The department head signs the sheet off: every line decided, none disputed."""
    locked = Sheet.objects.select_for_update().select_related("reconciliation").get(pk=sheet.pk)
    _refuse_if_frozen(locked)
    waiting = locked.lines.exclude(state=State.DECIDED)
    if waiting.exists():
        counts = ", ".join(f"{State(s).label} {n} 项" for s, n in _state_counts(waiting))
        raise FlowError(f"对账单尚有事项未审定或有异议（{counts}），不能确认")
    locked.state, locked.confirmed_by, locked.confirmed_at = Sheet.State.CONFIRMED, user, now()
    locked.save()
    return locked


def _state_counts(lines) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for state in lines.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return [(s, counts[s]) for s in State.values if s in counts]


@transaction.atomic
def close(reconciliation: Reconciliation, user, next_plan: Plan | None = None) -> Reconciliation:
    """Close the reconciliation: every sheet confirmed; carried-over items land in ``next_plan``
    (or in a plan created for next year when None and there is something to carry); then frozen."""
    from .carry import carried_lines, land

    locked = Reconciliation.objects.select_for_update().select_related("plan").get(pk=reconciliation.pk)
    if locked.is_closed:
        raise FlowError("对账销号已关闭")
    unconfirmed = [s.department.name for s in locked.sheets.exclude(state=Sheet.State.CONFIRMED)
                   .select_related("department")]
    if unconfirmed:
        raise FlowError(f"以下部门的对账单尚未确认，不能关闭：{'、'.join(unconfirmed)}")
    if carried_lines(locked):
        locked.carried_to = land(locked, user, next_plan)
    locked.state, locked.closed_by, locked.closed_at = Reconciliation.State.CLOSED, user, now()
    locked.save()
    return locked


# ---- recipients


def _speakers(department_id: int, *roles: str):
    return User.objects.filter(department_id=department_id, is_active=True,
                               role_grants__role__in=roles).distinct()


def _office(zone_id: int):
    return User.objects.filter(zone_id=zone_id, is_active=True, role_grants__role=Role.OFFICE).distinct()
