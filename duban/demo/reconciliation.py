"""The demo's 2020 reconciliation (对账销号), in progress at year end: every page of the closing app has content.

The office opened it on 1 December.  Eight departments have confirmed their sheets (国土分局 with
（十二） carried over to 2021, 党政办 with （十） adjusted on the 管委会's approval, 市场监管分局 and
组织部（人社局） with their items closed out); 税务局's sheet is decided and awaits its head; 规建局's
is decided but its head disputes （八）第3项, carried over; 经发局 is half way (lines closed out, （七）
sent back, two lines awaiting the office, one not applied for); 水务局 has applied for everything;
环保局 and the rest have not started.  Each step is written on its day of December, up to ``today``.
Loaded once: a plan that has a reconciliation is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import Max

from duban.accounts.models import User
from duban.closing import flow
from duban.closing.models import Line, Reconciliation
from duban.plans.models import Plan

from .loading import EVIDENCE, People
from .replay import at, moment

Ruling, Decision, Request = flow.Ruling, Line.Decision, Line.Request

#: The day of December the office opened the reconciliation.
OPENED = 1

#: Department → the days of December its lines were applied for, decided, and its sheet confirmed
#: (None: not reached).  Departments not named have not started.
SHEETS = {
    "财政局": (3, 10, 15),
    "奇台县协调办": (3, 10, 16),
    "木垒县协调办": (4, 10, 16),
    "吉木萨尔县协调办": (4, 11, 17),
    "党政办": (4, 11, 18),
    "国土分局": (7, 14, 21),
    "市场监管分局": (7, 15, 22),
    "组织部（人社局）": (8, 16, 23),
    "税务局": (9, 24, None),  # decided, awaiting its head
    "规建局": (7, 17, None),  # its head disputes a line
    "经发局": (4, 11, None),  # half way
    "水务局": (23, None, None),  # applied for everything
}


@dataclass(frozen=True)
class Special:
    """A line that does not go the usual way (applied for close-out, closed out)."""

    request: str = Request.CLOSE
    ruling: Ruling | None = None  # None: not decided yet
    applied: int | None = None  # the day, when not the sheet's (None with ``pending``: not applied for)
    pending: bool = False
    dispute: tuple[int, str] | None = None  # the head's dispute: (day, comment)
    proposal: tuple[date, str] | None = None  # 申请结转: the proposed deadline and stage goal


CARRY_LAND = Special(Request.CARRY_OVER, Ruling(
    Decision.CARRIED_OVER, "闲置土地处置实施方案待自治区自然资源厅批复，年内无法完成处置",
    date(2021, 6, 30), "完成处置实施方案报批，启动首批闲置土地处置"),
    proposal=(date(2021, 6, 30), "完成处置实施方案报批，启动首批闲置土地处置"))
ADJUST_CLINIC = Special(Request.ADJUST, Ruling(
    Decision.ADJUSTED, "中西医综合门诊部建设并入园区医疗卫生专项规划，本方案不再单列",
    approval=("管委会关于调整医疗服务设施建设任务的批复.pdf", EVIDENCE)))

#: (department, task, number, lead) → the line's own course.
SPECIAL = {
    ("国土分局", "（十二）", "", True): CARRY_LAND,
    ("党政办", "（十）", "", True): ADJUST_CLINIC,
    ("规建局", "（八）", "3", True): Special(Request.CLOSE, Ruling(
        Decision.CARRIED_OVER, "居民燃气报装中位用时超过承诺的 3 个工作日，不能销号",
        date(2021, 6, 30), "居民燃气报装压缩至 3 个工作日以内"), dispute=(
        22, "超时办件系燃气公司施工排期所致，已督促整改，线上申请已于 6 月开通，申请按销号处理")),
    ("经发局", "（七）", "", True): Special(Request.CLOSE, Ruling(
        Decision.RETURNED, "监管意见尚未印发，不能销号：请补充印发文件，或申请结转并说明理由和新的完成时限")),
    ("经发局", "（二）", "1", True): Special(Request.CARRY_OVER, applied=24,
                                            proposal=(date(2021, 9, 30), "完成乌准园、兵准园区筹建方案报批")),
    ("经发局", "（九）", "", True): Special(Request.CLOSE, applied=24),
    ("经发局", "（十二）", "", False): Special(pending=True),
}

STATEMENTS = {
    Request.CLOSE: "已按方案要求完成，完成情况及佐证材料见附件。",
    Request.CARRY_OVER: "年内未能完成，申请结转至下一年度继续推进。",
    Request.ADJUST: "该项任务已按管委会决定调整，申请按调整处理。",
}


def load_reconciliation(plan: Plan, today: date) -> int:
    """Open and advance the plan's reconciliation once, as far as ``today``.  Returns the number of lines decided."""
    opened = date(plan.year, 12, OPENED)
    if Reconciliation.objects.filter(plan=plan).exists() or opened > today:
        return 0
    people = People.of(plan.zone)
    with transaction.atomic():
        with _on(moment(opened, 9)):
            reconciliation = flow.open_reconciliation(plan, people.office)
        steps: list[tuple[date, int, Callable[[], object]]] = []
        for sheet in reconciliation.sheets.select_related("department"):
            steps += _sheet_steps(sheet, plan.year, people)
        decided, done_that_day = 0, Counter()
        # In the order of the days (a line's own steps are in order within a day), up to today; a
        # day's steps from 10 o'clock, three minutes apart.
        for day, _order, step in sorted(steps, key=lambda s: (s[0], s[1])):
            if day > today:
                break
            with _on(moment(day, 10) + timedelta(minutes=3 * done_that_day[day])):
                decided += step() == "decided"
            done_that_day[day] += 1
    return decided


@contextmanager
def _on(when: datetime):
    """``at(when)``, and the audit entries written meanwhile dated ``when`` too: the closing pages show
    their records' audit trail, which must read in the replayed December like every other date there
    (the demo's whole year is synthetic; a real zone's trail is never re-dated)."""
    before = LogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    with at(when):
        yield
    LogEntry.objects.filter(pk__gt=before).update(timestamp=when)


def _sheet_steps(sheet, year: int, people: People) -> list[tuple[date, int, Callable[[], object]]]:
    name = sheet.department.name
    if name not in SHEETS:
        return []
    applied, decided, confirmed = (day and date(year, 12, day) for day in SHEETS[name])
    liaison, head, office = people.liaison(name), people.head(name), people.office
    steps = []
    for order, line in enumerate(sheet.lines.select_related("item", "item__task", "sheet__reconciliation__plan")):
        special = SPECIAL.get((name, line.item.task.number, line.item.number, line.is_lead), Special())
        if special.pending:
            continue
        apply_day = date(year, 12, special.applied) if special.applied else applied
        steps.append((apply_day, order,
                      lambda line=line, r=special.request, p=special.proposal: _apply(line, liaison, r, p)))
        ruling = special.ruling or (None if special.applied else Ruling(Decision.CLOSED, "佐证材料齐全，予以销号"))
        if ruling is None or decided is None:
            continue
        steps.append((decided, order, lambda line=line, r=ruling: _decide(line, office, r)))
        if special.dispute:
            day, comment = special.dispute
            steps.append((date(year, 12, day), order, lambda line=line, c=comment: flow.dispute(_fresh(line), head, c)))
    if confirmed is not None:
        steps.append((confirmed, len(steps), lambda: flow.confirm(sheet, head)))
    return steps


def _fresh(line: Line) -> Line:
    return Line.objects.select_related("item", "item__task", "sheet__reconciliation__plan").get(pk=line.pk)


def _apply(line: Line, liaison: User, request: str, proposal: tuple[date, str] | None = None) -> Line:
    line = _fresh(line)
    flow.add_evidence(line, liaison, f"{line.item.code}完成情况佐证.pdf", EVIDENCE)
    deadline, goal = proposal or (None, "")
    return flow.apply(line, liaison, request, f"{line.item.task.title}：{STATEMENTS[request]}", deadline, goal)


def _decide(line: Line, office: User, ruling: Ruling) -> str:
    flow.decide(_fresh(line), office, ruling)
    return "decided" if ruling.decision != Decision.RETURNED else "returned"
