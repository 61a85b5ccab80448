"""A 对账单's downloads: gathered as plain values, written by duban.documents' builders.

``sheet_export`` gathers one row per line with what the page shows, in words, and the sheet's
sign-off (who confirmed it, when) and where it stands — the same figures as the page, read through
``dossier.dossiers``.  ``write_xlsx`` lays them out as a spreadsheet in the offices' layout
(``documents.xlsx``), ``write_docx`` as a 公文 (``documents.gongwen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from duban.dates import cn_date
from duban.documents import xlsx
from duban.documents.gongwen import Gongwen, issue_date

from .dossier import LineDossier, counts_of, dossiers, sheet_status, with_counts
from .models import Attachment, Sheet

COLUMNS = ("序号", "具体任务", "任务内容", "分工", "完成时限", "最近确认的台账报告", "量化指标", "红黄绿灯",
           "红黄绿灯记录", "推进会议", "督办通知", "部门申请", "佐证材料", "审定结果", "审定意见", "负责人异议")


#: Beside the columns, each row keeps the codes its cells are shaded by.
COLOUR, DECISION = "colour", "decision"


@dataclass
class SheetExport:
    title: str  # 规建局对账单（2020年度）
    plan_title: str
    department: str
    status: str  # 已确认 / 有异议 / 待负责人确认 / 对账中
    sign_off: str  # 张三 于 2020年12月28日 确认 / 未确认
    summary: str  # the counts in one sentence
    as_of: date
    rows: list[dict]  # keyed by COLUMNS, and COLOUR and DECISION
    year: int


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
        rows=[{**dict(zip(COLUMNS, row(n, d))), COLOUR: d.status.colour if d.status else None,
               DECISION: d.line.decision} for n, d in enumerate(dossiers(sheet, today), start=1)],
        year=plan.year,
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
        "；".join(f"{cn_date(c.as_of)} {c.get_from_colour_display() or '—'}→{c.get_to_colour_display()}"
                 for c in d.changes),
        "；".join(f"{cn_date(m.date)} {m.title}（{'主办' if m.hosted else '参会'}）" for m in d.meetings),
        "；".join(f"{cn_date(timezone.localtime(n.notice.issued_at).date())} {n.notice.instruction}（{n.answer}）" for n in d.notices),
        f"{line.get_request_display()}：{line.statement}" if line.request else "未申请",
        evidence_names(d),
        line.get_decision_display() if line.decision else "未审定",
        _decision_note(line),
        _dispute(d),
    )


def _dispute(d: LineDossier) -> str:
    """The head's dispute and, once the office has dealt with it, its answer: a confirmed sheet with a
    dispute but no answer would read as a line never settled."""
    dispute = d.dispute
    if dispute is None:
        return ""
    if dispute.answer is None:
        return dispute.comment
    return f"{dispute.comment}；办公室处理：{dispute.answer.outcome_label}。{dispute.answer.comment}"


def evidence_names(d: LineDossier) -> str:
    """The file names behind the line, by where they came from: the ledger report's evidence (a link
    named as such), the department's evidence for its application, the approval of an adjustment."""
    attachments = list(d.line.attachments.all())
    groups = (
        ("台账", [e.title if e.kind == "file" else f"{e.title}（链接）" for e in d.evidence]),
        ("对账申请", [a.title for a in attachments if a.purpose == Attachment.Purpose.EVIDENCE]),
        ("批准文件", [a.title for a in attachments if a.purpose == Attachment.Purpose.APPROVAL]),
    )
    return "；".join(f"{label}：{'、'.join(names)}" for label, names in groups if names) or "无"


def _target(actual) -> str:
    measured = f"，{actual.colour_label}{'（暂定）' if actual.provisional else ''}" if actual.rows else ""
    return f"{actual.target.subject} {actual.target.promise}{measured}"


def _decision_note(line) -> str:
    parts = [line.decision_note] if line.decision_note else []
    if line.new_deadline:
        parts.append(f"结转后完成时限：{cn_date(line.new_deadline)}；阶段目标：{line.stage_goal}")
    return "；".join(parts)


# ---- .docx (公文)

#: Level-2 headings are numbered （一） to （九十九）; a longer sheet numbers its lines 1. 2. …
MAX_NUMBERED_LINES = 99

#: What each line's form shows, in order; the dispute only when there is one.
LINE_FORM = ("任务内容", "分工", "完成时限", "最近确认的台账报告", "量化指标", "红黄绿灯", "红黄绿灯记录", "推进会议", "督办通知",
             "部门申请", "佐证材料", "审定结果", "审定意见", "负责人异议")


def write_docx(export: SheetExport) -> bytes:
    doc = Gongwen()
    doc.title(f"{export.department}{export.year}年度对账单")
    doc.paragraph(f"根据《{export.plan_title}》{export.year}年度对账销号安排，{export.department}"
                  f"承担的各项任务的申请、审定和确认情况如下（截至{issue_date(export.as_of)}）。")
    doc.table(None, [["对账部门", export.department], ["对账状态", export.status],
                     ["负责人确认", export.sign_off], ["事项汇总", export.summary]], widths=[1, 4])
    doc.heading(1, "事项一览")
    doc.table(["序号", "具体任务", "分工", "部门申请", "审定结果"],
              [[r["序号"], r["具体任务"], r["分工"], _request(r["部门申请"]), r["审定结果"]] for r in export.rows],
              widths=[1, 3, 2, 2, 2])
    doc.heading(1, "逐项情况")
    level = 2 if len(export.rows) <= MAX_NUMBERED_LINES else 3
    for r in export.rows:
        doc.heading(level, f"{r['具体任务']}（{r['分工']}）")
        doc.table(None, [[label, r[label] or "无"] for label in LINE_FORM if label != "负责人异议" or r[label]],
                  widths=[1, 4])
    doc.signature(export.department, export.as_of)
    return doc.to_bytes()


def _request(text: str) -> str:
    """申请销号：…… → 申请销号 (the table of lines shows the kind; the statement is in the line's form)."""
    return text.split("：", 1)[0]


# ---- .xlsx

XLSX_COLUMNS = [
    xlsx.Column("序号", width=5, align="center", wrap=False),
    xlsx.Column("具体任务", width=12),
    xlsx.Column("任务内容", width=36),
    xlsx.Column("分工", width=9, align="center"),
    xlsx.Column("完成时限", width=12),
    xlsx.Column("最近确认的台账报告", width=30, group="对账依据"),
    xlsx.Column("量化指标", width=28, group="对账依据"),
    xlsx.Column("红黄绿灯", width=11, group="对账依据", align="center"),
    xlsx.Column("红黄绿灯记录", width=28, group="对账依据"),
    xlsx.Column("推进会议", width=24, group="对账依据"),
    xlsx.Column("督办通知", width=28, group="对账依据"),
    xlsx.Column("部门申请", width=28, group="对账结果"),
    xlsx.Column("佐证材料", width=28, group="对账结果"),
    xlsx.Column("审定结果", width=9, group="对账结果", align="center"),
    xlsx.Column("审定意见", width=30, group="对账结果"),
    xlsx.Column("负责人异议", width=24, group="对账结果"),
]
#: Cell shades: the item's colour as the page shows it, and the decision (closed out green, carried
#: over or adjusted amber, sent back red).
COLOUR_FILLS = {"green": xlsx.GREEN, "amber": xlsx.AMBER, "red": xlsx.RED}
DECISION_FILLS = {"closed": xlsx.GREEN, "carried_over": xlsx.AMBER, "adjusted": xlsx.AMBER, "returned": xlsx.RED}


def write_xlsx(export: SheetExport) -> bytes:
    book = xlsx.Workbook()
    subtitle = (f"《{export.plan_title}》　对账状态：{export.status}　负责人确认：{export.sign_off}　"
                f"截至{issue_date(export.as_of)}　{export.summary}")
    sheet = book.add_sheet("对账单", XLSX_COLUMNS, title=export.title, subtitle=subtitle)
    status, decision = COLUMNS.index("红黄绿灯"), COLUMNS.index("审定结果")
    for r in export.rows:
        fills = {status: COLOUR_FILLS.get(r[COLOUR]), decision: DECISION_FILLS.get(r[DECISION])}
        sheet.append([r[c] for c in COLUMNS], fills={i: f for i, f in fills.items() if f})
    return book.to_bytes()
