"""工作进展情况报告: a month's or a quarter's progress on a plan, for its steering group and leaders.

``gather(plan, period, today)`` reads what the records say; ``write(report)`` sets it as a 公文:

- 一、总体进展: the items done, green, amber and red as of today, and the period's ledger reports
  owed, on time, late and missing (``ledger.timeliness``);
- 二、各项任务推进情况: per task, its items with their lead departments, status, and what the lead
  departments reported for the period (progress, completion, problems, next steps: the standing
  filed version of the newest cycle of the period they filed; not yet accepted ones are marked);
- 三、存在的主要问题: the red and amber items with the reasons of their status (``ItemStatus.reasons``);
- 四、量化指标完成情况: the targets measured by cases, their promise against the actual
  (``cases.targets.measure_plan_targets``, all at once);
- 五、各部门工作情况: per department, the items it leads by status and its reports of the period.

Statuses are today's (the document is dated today); the reports and the timeliness figures are the
period's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from duban.cases.targets import RED, STEP_UNIT, TargetActual, measure_plan_targets
from duban.documents.gongwen import Gongwen, issue_date
from duban.ledger.models import ItemStatus, Report
from duban.ledger.obligations import obligations_of_plan
from duban.ledger.timeliness import DepartmentTimeliness, timeliness
from duban.plans.models import Assignment, Item, Plan, Target
from duban.zones.models import Department

from .naming import issuing_office, plan_work, steering_group
from .periods import ReportPeriod
from .wording import lead_in, percent, sentence, status_words, tidy

GREEN, AMBER = ItemStatus.Colour.GREEN, ItemStatus.Colour.AMBER


@dataclass
class ItemProgress:
    item: Item
    status: ItemStatus | None
    leads: list[str]
    reports: list[Report]  # one per lead department that filed in the period

    @property
    def colour(self) -> str | None:
        return self.status.colour if self.status else None

    @property
    def done(self) -> bool:
        return bool(self.status and self.status.done)


@dataclass
class DepartmentFigures:
    department: Department
    reports: DepartmentTimeliness  # its ledger reports owed in the period
    led: int = 0
    done: int = 0
    red: int = 0
    amber: int = 0


@dataclass
class ProgressReport:
    plan: Plan
    period: ReportPeriod
    today: date
    tasks: list[tuple[object, list[ItemProgress]]]
    targets: list[TargetActual]
    uncounted_targets: list[Target]  # measured targets whose working days the calendar cannot count yet
    departments: list[DepartmentFigures] = field(default_factory=list)

    @property
    def items(self) -> list[ItemProgress]:
        return [item for _, items in self.tasks for item in items]

    @property
    def reports(self) -> DepartmentTimeliness:
        """The period's ledger reports of every department together (owed, on time, late, missing)."""
        return DepartmentTimeliness(None, [f for d in self.departments for f in d.reports.filings])

    def with_colour(self, colour: str) -> list[ItemProgress]:
        return [i for i in self.items if i.colour == colour and not i.done]


def gather(plan: Plan, period: ReportPeriod, today: date) -> ProgressReport:
    """Everything the report says, from the records, in a fixed number of queries."""
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("department")
    items = (
        Item.objects.filter(task__plan=plan).select_related("status")
        .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="leads"))
        .order_by("order")
    )
    tasks = plan.tasks.order_by("order").prefetch_related(Prefetch("items", queryset=items))
    cycles = list(plan.cycles.filter(start__lte=period.end, end__gte=period.start))
    filed = _period_reports(plan, cycles)
    task_lines = []
    for task in tasks:
        lines = []
        for item in task.items.all():
            status = getattr(item, "status", None)
            names = [a.department_name for a in item.leads]
            lines.append(ItemProgress(item, status, names, filed.get(item.pk, [])))
        task_lines.append((task, lines))

    targets, uncounted = _targets(plan, today)
    items = [item for _, lines in task_lines for item in lines]
    departments = _departments(plan, items, {c.pk for c in cycles}, today)
    return ProgressReport(plan, period, today, task_lines, targets, uncounted, departments)


def _period_reports(plan: Plan, cycles) -> dict[int, list[Report]]:
    """Per item, the lead departments' standing filed reports of the newest cycle of the period each filed."""
    newest: dict[tuple[int, int], Report] = {}
    reports = (
        Report.objects.filter(item__task__plan=plan, is_lead=True, cycle__in=cycles, state__in=Report.FILED)
        .select_related("department", "cycle")
        .order_by("cycle__start", "version", "pk")
    )
    for report in reports:  # oldest first: the last one kept is the newest cycle, newest version
        newest[(report.item_id, report.department_id)] = report
    by_item: dict[int, list[Report]] = defaultdict(list)
    for (item_id, _), report in sorted(newest.items(), key=lambda kv: kv[1].department.order):
        by_item[item_id].append(report)
    return by_item


def _targets(plan: Plan, today: date) -> tuple[list[TargetActual], list[Target]]:
    """The plan's measured targets in one batch (a fixed number of queries), and apart those whose
    working days the calendar cannot count yet."""
    found = measure_plan_targets(plan, today)
    return found.actuals, found.uncounted


def _departments(plan, items: list[ItemProgress], cycle_ids: set[int], today: date) -> list[DepartmentFigures]:
    """Per department of the plan (registry order): its led items by status, its reports of the period."""
    by_item = {i.item.pk: i for i in items}
    owed = {d.department.pk: [f for f in d.filings if f.cycle.pk in cycle_ids]
            for d in timeliness(plan, today).departments}
    figures: dict[int, DepartmentFigures] = {}
    for obligation in obligations_of_plan(plan):
        department = obligation.department
        entry = figures.setdefault(department.pk, DepartmentFigures(
            department, DepartmentTimeliness(department, owed.get(department.pk, []))))
        if obligation.is_lead:
            item = by_item[obligation.item.pk]
            entry.led += 1
            entry.done += item.done
            entry.red += item.colour == ItemStatus.Colour.RED and not item.done
            entry.amber += item.colour == AMBER and not item.done
    return sorted(figures.values(), key=lambda e: (e.department.order, e.department.pk))


# ---- the document ---------------------------------------------------------------------------


def write(report: ProgressReport) -> bytes:
    plan, period = report.plan, report.period
    zone_name = plan.zone.name
    doc = Gongwen()
    doc.title(f"{plan_work(plan.title)}{period.label}进展情况报告")
    doc.addressee(f"{steering_group(zone_name, plan.title)}：")
    doc.paragraph(f"按照《{plan.title}》（以下简称《方案》）要求，现将{period.label}工作进展情况报告如下。")

    doc.heading(1, "总体进展")
    doc.paragraph(_overall(report))
    doc.paragraph(_timeliness_sentence(report))

    doc.heading(1, "各项任务推进情况")
    for task, items in report.tasks:
        doc.heading(2, f"{task.title}。", _task_summary(items))
        for line in items:
            if line.item.number:
                doc.heading(3, f"{lead_in(line.item.text)}。", _item_body(line))
            else:
                doc.paragraph(_item_body(line))

    doc.heading(1, "存在的主要问题")
    for colour, name in ((ItemStatus.Colour.RED, "逾期事项（红灯）"), (AMBER, "存在风险事项（黄灯）")):
        flagged = report.with_colour(colour)
        doc.heading(2, f"{name}。", f"共{len(flagged)}项。" if flagged else "无。")
        for line in flagged:
            doc.heading(3, f"{line.item.code}{lead_in(line.item.text)}。",
                        f"牵头部门：{'、'.join(line.leads) or '未明确'}。原因：{sentence(tidy('；'.join(line.status.reasons)))}")

    doc.heading(1, "量化指标完成情况")
    _write_targets(doc, report)

    doc.heading(1, "各部门工作情况")
    doc.paragraph(f"各部门牵头任务完成情况及{period.label}台账报送情况见下表（台账截止日期未到的周期不计入应报）。")
    doc.table(
        ["部门", "牵头任务", "已完成", "红灯", "黄灯", "应报", "按时", "逾期", "未报"],
        [[d.department.display_name, d.led, d.done, d.red, d.amber, d.reports.due, d.reports.on_time,
          d.reports.late, d.reports.missing]
         for d in report.departments],
        widths=[3.2, 1.3, 1.2, 1, 1, 1, 1, 1, 1],
    )
    doc.signature(issuing_office(zone_name, plan.title), report.today)
    return doc.to_bytes()


def _overall(report: ProgressReport) -> str:
    done = sum(i.done for i in report.items)
    counts = Counter(i.colour for i in report.items if not i.done)
    text = (f"截至{issue_date(report.today)}，《方案》确定的{len(report.tasks)}项主要任务、{len(report.items)}项具体任务中，"
            f"已完成{done}项，正常推进（绿灯）{counts[GREEN]}项，存在风险（黄灯）{counts[AMBER]}项，"
            f"逾期（红灯）{counts[ItemStatus.Colour.RED]}项")
    if counts[None]:
        text += f"，尚未评估{counts[None]}项"
    completions = [min(r.completion for r in i.reports) for i in report.items if i.reports]
    if completions:
        text += f"；已报送台账的{len(completions)}项任务平均完成进度为{sum(completions) / len(completions):.0f}%"
    return text + "。"


def _timeliness_sentence(report: ProgressReport) -> str:
    owed = report.reports
    if not owed.due:
        return f"{report.period.label}台账尚未到报送截止日期，报送情况下期报告。"
    return (f"{report.period.label}各部门应报台账{owed.due}份，按时报送{owed.on_time}份，逾期报送{owed.late}份，"
            f"未报送{owed.missing}份，按时报送率{percent(owed.on_time, owed.due)}。")


def _task_summary(items: list[ItemProgress]) -> str:
    done = sum(i.done for i in items)
    counts = Counter(i.colour for i in items if not i.done)
    parts = [f"已完成{done}项"] if done else []
    parts += [f"{label}{counts[colour]}项" for colour, label in
              ((GREEN, "正常推进"), (AMBER, "黄灯"), (ItemStatus.Colour.RED, "红灯"), (None, "未评估")) if counts[colour]]
    return f"共{len(items)}项具体任务，{'、'.join(parts)}。"


def _item_body(line: ItemProgress) -> str:
    text = f"牵头部门：{'、'.join(line.leads) or '未明确'}。状态：{status_words(line.status)}。"
    if not line.reports:
        return text + "本期进展：牵头部门本期未报送台账。"
    several = len(line.reports) > 1
    for report in line.reports:
        who = f"{report.department.name}：" if several else ""
        pending = "" if report.state == Report.State.ACCEPTED else "（待办公室确认）"
        text += f"本期进展（{report.cycle.label}）：{who}{sentence(report.progress) or '未填写。'}"
        text += f"完成进度{report.completion}%{pending}。"
        if report.problems.strip():
            text += f"存在问题：{sentence(report.problems)}"
        if report.next_steps.strip():
            text += f"下步计划：{sentence(report.next_steps)}"
    return text


def _write_targets(doc: Gongwen, report: ProgressReport) -> None:
    actuals = report.targets
    if not actuals and not report.uncounted_targets:
        doc.paragraph("《方案》暂无接入办件数据的量化指标。")
        return
    counts = Counter(a.colour for a in actuals)
    text = (f"接入办件数据的量化指标{len(actuals) + len(report.uncounted_targets)}项，按{report.plan.year}年以来的办件计算，"
            f"达标（绿灯）{counts['green']}项，黄灯{counts['amber']}项，红灯{counts[RED]}项")
    if counts[None]:
        text += f"，暂无办结办件{counts[None]}项"
    if report.uncounted_targets:
        text += f"，工作日历未覆盖、暂不能计算{len(report.uncounted_targets)}项"
    text += "。"
    if any(a.provisional for a in actuals):
        text += "标注“暂定”的指标，其工作日按尚未核定的节假日安排计算。"
    doc.paragraph(text)
    rows = []
    for n, actual in enumerate(actuals, 1):
        status = actual.colour_label + ("（暂定）" if actual.provisional else "")
        rows.append([n, f"{actual.target.item.code} {actual.target.subject}", actual.target.promise,
                     "；".join(_actual_words(actual, row) for row in actual.rows), status])
    for target in report.uncounted_targets:
        rows.append([len(rows) + 1, f"{target.item.code} {target.subject}", target.promise, "工作日历未覆盖", "—"])
    doc.table(["序号", "指标", "承诺", "实际", "状态"], rows, widths=[0.9, 3, 2, 4.5, 1.4])


def _actual_words(actual: TargetActual, row) -> str:
    """One service type's measured figure in words: 居民燃气报装：办结12件，中位用时4个工作日，按时办结率75%."""
    name = row.service_type.name
    if actual.target.unit == STEP_UNIT:
        if row.mean_steps is None:
            return f"{name}：暂无环节数据"
        share = f"，{row.steps_within_share:.0%}的办件不超过{row.limit:g}个" if row.steps_within_share is not None else ""
        return f"{name}：平均环节数{row.mean_steps:.1f}个{share}"
    if row.median is None:
        return f"{name}：暂无办结办件"
    share = f"，按时办结率{row.within_share:.0%}" if row.within_share is not None else ""
    return f"{name}：办结{row.completed}件，中位用时{row.median:g}个{row.service_type.limit_unit}{share}"

