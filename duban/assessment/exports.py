"""The assessment's downloads, built on the shared builders (``documents.xlsx``, ``documents.gongwen``):

- the results as a workbook: 考核结果 (the ranking, a column per part), 得分明细 (every line of every
  department with the records it counted), 表扬名单 and 问责名单 with their reasons;
- one department's lines as a workbook (what a department may download: its own);
- the results as a 公文, 关于《…》绩效考核结果的通报: the ranking and the two lists.

Everything comes from an ``Outcome`` (results.py): what the pages show, computed or finalised.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from duban.documents import xlsx
from duban.documents.gongwen import Gongwen, issue_date

from . import scoring
from .scoring import format_points as shown
from .results import Outcome

KINDS = {"part": "考核部分", "base": "基础分", scoring.BONUS: "加分", scoring.DEDUCTION: "减分", "cap": "总上限"}


def state(outcome: Outcome) -> str:
    counted = issue_date(outcome.counted_to)
    if outcome.final:
        return f"已定稿（{issue_date(timezone.localdate(outcome.scheme.finalised_at))}），数据截至{counted}"
    return f"计算中，未定稿：根据截至{counted}的数据计算"


def _flags(score: scoring.DepartmentScore) -> str:
    return "；".join(f.reason for f in score.flags)


def _records(line: scoring.Line) -> str:
    """The records a line counted, one a line of the cell: label, state, points and remark."""
    rows = []
    for c in line.counted:
        text = f"{c.record.label}（{c.record.note}）" if c.record.note else c.record.label
        if c.points is not None:
            text += f" {shown(c.points)} 分"
        if c.remark:
            text += f"［{c.remark}］"
        rows.append(text)
    return "\n".join(rows)


LINE_COLUMNS = [
    xlsx.Column("部门", width=14),
    xlsx.Column("类别", width=8, align="center"),
    xlsx.Column("考核内容 / 规则", width=22),
    xlsx.Column("计算", width=46),
    xlsx.Column("得分", width=8, align="right"),
    xlsx.Column("说明", width=24),
    xlsx.Column("计入的记录", width=60),
]


def _line_rows(sheet, score: scoring.DepartmentScore) -> None:
    for line in score.lines:
        sheet.append([score.name, KINDS.get(line.kind, line.kind), line.rule, line.numbers, line.points, line.note,
                      _records(line)])
    sheet.append([score.name, "合计", "", "", score.total, f"等次：{score.grade} {score.grade_note}".strip(), ""],
                 fills={4: xlsx.GREY})


def _grade_fill(outcome: Outcome, grade: str) -> dict[int, str]:
    bands = outcome.pure.bands
    if grade == bands[0].name:
        return {3: xlsx.GREEN}
    if grade == bands[-1].name:
        return {3: xlsx.RED}
    return {}


def results_workbook(outcome: Outcome) -> bytes:
    plan, pure = outcome.plan, outcome.pure
    title = f"{plan.year}年度绩效考核结果"
    book = xlsx.Workbook()
    parts = [p.name for p in pure.parts] if pure.style == scoring.WEIGHTED else ["基础分"]
    ranking = book.add_sheet("考核结果", [
        xlsx.Column("排名", width=6, align="center"), xlsx.Column("部门", width=18),
        xlsx.Column("总分", width=9, align="right"), xlsx.Column("等次", width=8, align="center"),
        *(xlsx.Column(name, width=10, align="right", group="各部分得分") for name in parts),
        xlsx.Column("加分", width=8, align="right"), xlsx.Column("减分", width=8, align="right"),
        xlsx.Column("取消评优 / 一票否决", width=28), xlsx.Column("等次说明", width=28),
    ], title=title, subtitle=f"《{plan.title}》 · {state(outcome)}")
    for score in outcome.results.scores:
        if not score.assessed:  # 不参评: no rank, no total, no points to show
            ranking.append(["—", score.name, None, score.grade, *(None for _ in parts), None, None, "",
                            score.grade_note])
            continue
        by_rule = {line.rule: line.points for line in score.lines if line.kind in ("part", "base")}
        ranking.append([score.rank, score.name, score.total, score.grade, *(by_rule.get(n) for n in parts),
                        score.bonus_points, score.deduction_points, _flags(score), score.grade_note],
                       fills=_grade_fill(outcome, score.grade))
    lines = book.add_sheet("得分明细", LINE_COLUMNS, title=f"{title}：得分明细", subtitle=state(outcome))
    for score in outcome.results.scores:
        _line_rows(lines, score)
    for name, mentions in (("表扬名单", outcome.results.commended), ("问责名单", outcome.results.accountable)):
        sheet = book.add_sheet(name, [
            xlsx.Column("部门", width=18), xlsx.Column("总分", width=9, align="right"),
            xlsx.Column("等次", width=8, align="center"), xlsx.Column("理由", width=80),
        ], title=f"{plan.year}年度绩效考核{name}", subtitle=state(outcome))
        for m in mentions:
            sheet.append([m.name, m.total, m.grade, "\n".join(m.reasons)])
    return book.to_bytes()


def department_workbook(outcome: Outcome, score: scoring.DepartmentScore) -> bytes:
    book = xlsx.Workbook()
    head = (f"总分 {shown(score.total)} 分，等次{score.grade}，排名第 {score.rank}" if score.assessed
            else f"{score.grade}：{score.grade_note}")
    sheet = book.add_sheet("得分明细", LINE_COLUMNS, title=f"{score.name}{outcome.plan.year}年度考核得分明细",
                           subtitle=f"{head} · {state(outcome)}")
    _line_rows(sheet, score)
    return book.to_bytes()


def results_gongwen(outcome: Outcome, issued_on: date) -> bytes:
    """关于《…》绩效考核结果的通报: the ranking, then the commendation and accountability lists."""
    plan, results = outcome.plan, outcome.results
    doc = Gongwen()
    doc.title(f"关于《{plan.title}》绩效考核结果的通报")
    doc.addressee("各部门：")
    doc.paragraph(
        f"根据《{plan.title}》关于强化绩效考核的要求，按照{plan.year}年度考核方案，依据对账销号、台账报送、"
        f"推进会议、量化指标、政务服务“好差评”和督办通知办理等情况，"
        f"对{sum(s.assessed for s in results.scores)}个部门进行了考核。"
        f"现将结果通报如下。")
    if not outcome.final:
        doc.paragraph(f"本通报为截至{issue_date(outcome.counted_to)}的计算结果，考核结果尚未定稿。")
    doc.heading(1, "考核结果")
    doc.table(["排名", "部门", "总分", "等次"],
              [[s.rank, s.name, shown(s.total), s.grade] if s.assessed else ["—", s.name, "—", s.grade]
               for s in results.scores], widths=[1, 4, 1.5, 1.5])
    for title, mentions, none in (("表扬名单", results.commended, "本年度无部门列入表扬名单。"),
                                  ("问责名单", results.accountable, "本年度无部门列入问责名单。")):
        doc.heading(1, title)
        if not mentions:
            doc.paragraph(none)
        for m in mentions:
            doc.paragraph(f"{m.name}（{shown(m.total)}分，{m.grade}）：{'；'.join(m.reasons)}。")
    doc.paragraph("各部门可在督办系统“绩效考核”中查看本部门每一项得分及其依据。列入问责名单的部门要对照得分明细逐项整改。")
    doc.signature(f"{plan.zone.name}绩效办", issued_on)
    return doc.to_bytes()
