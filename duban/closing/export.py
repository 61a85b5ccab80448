"""A 对账单 as plain values, for its .xlsx and .docx downloads (the builders are duban.documents').

One row per line with what the page shows, in words; the sheet's sign-off (who confirmed it,
when) and where it stands.  The same figures as the page: read through ``dossier.dossiers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .dossier import LineDossier, counts_of, dossiers, sheet_status, with_counts
from .flow import cn_date
from .models import Sheet

COLUMNS = ("序号", "具体任务", "任务内容", "分工", "完成时限", "最近确认的台账报告", "量化指标", "红黄绿灯",
           "推进会议", "督办通知", "部门申请", "审定结果", "审定意见", "负责人异议")


@dataclass
class SheetExport:
    title: str  # 规建局对账单（2020年度）
    plan_title: str
    department: str
    status: str  # 已确认 / 有异议 / 待负责人确认 / 对账中
    sign_off: str  # 张三 于 2020年12月28日 确认 / 未确认
    summary: str  # the counts in one sentence
    as_of: date
    rows: list[tuple]


def sheet_export(sheet: Sheet, today: date) -> SheetExport:
    counts = counts_of(with_counts(Sheet.objects.filter(pk=sheet.pk)).get())
    plan = sheet.reconciliation.plan
    confirmed_by = sheet.confirmed_by.first_name or sheet.confirmed_by.username if sheet.confirmed_by else ""
    return SheetExport(
        title=f"{sheet.department.name}对账单（{plan.year}年度）",
        plan_title=plan.title,
        department=sheet.department.name,
        status=sheet_status(sheet, counts)[1],
        sign_off=f"{confirmed_by} 于 {cn_date(timezone.localtime(sheet.confirmed_at).date())} 确认" if sheet.is_confirmed else "未确认",
        summary=(f"共 {counts.total} 项：已审定 {counts.decided} 项（销号 {counts.closed}、结转 {counts.carried_over}、"
                 f"调整 {counts.adjusted}），待申请 {counts.pending}、待审定 {counts.applied}、"
                 f"已退回 {counts.returned}、有异议 {counts.disputed}"),
        as_of=today,
        rows=[row(n, d) for n, d in enumerate(dossiers(sheet, today), start=1)],
    )


def row(number: int, d: LineDossier) -> tuple:
    line, item = d.line, d.line.item
    report = d.report
    return (
        number,
        item.code,
        item.text,
        line.assignment.get_role_display(),
        cn_date(item.deadline) if item.deadline else ("持续推进" if item.ongoing else ""),
        f"{report.cycle.label}（{report.get_state_display()}）完成 {report.completion}%，{report.progress}" if report else "无",
        "；".join(_target(a) for a in d.targets),
        d.status.get_colour_display() if d.status else "未评估",
        "；".join(f"{cn_date(m.date)} {m.title}（{'主办' if m.hosted else '参会'}）" for m in d.meetings),
        "；".join(f"{cn_date(timezone.localtime(n.notice.issued_at).date())} {n.notice.instruction}（{n.answer}）" for n in d.notices),
        f"{line.get_request_display()}：{line.statement}" if line.request else "未申请",
        line.get_decision_display() if line.decision else "未审定",
        _decision_note(line),
        d.dispute.comment if d.dispute else "",
    )


def _target(actual) -> str:
    measured = f"，{actual.colour_label}{'（暂定）' if actual.provisional else ''}" if actual.rows else ""
    return f"{actual.target.subject} {actual.target.promise}{measured}"


def _decision_note(line) -> str:
    parts = [line.decision_note] if line.decision_note else []
    if line.new_deadline:
        parts.append(f"结转后完成时限：{cn_date(line.new_deadline)}；阶段目标：{line.stage_goal}")
    return "；".join(parts)
