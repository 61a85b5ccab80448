"""The read side of a 对账单: every line with what the office reconciles it against.

For each line (one obligation of the department): its last accepted report (the lead's
已确认, a cooperating department's 已审定) and that report's evidence, the item's measured targets
with their actuals, its RAG status and history, the meetings on it the department hosted or
attended, the 督办通知 it received on it and how it answered, and the line's own application,
decision, files and history.  A fixed number of queries per sheet, whatever its number of lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q

from duban.cases.targets import TargetActual, plan_target_actuals
from duban.ledger.models import ItemStatus, Report, StatusChange
from duban.meetings.models import Meeting
from duban.plans.models import Target
from duban.supervision.models import Notice
from duban.workdays.engine import CalendarNotCovered

from .models import Attachment, Line, LineStep, Sheet


@dataclass
class NoticeAnswer:
    """A 督办通知 and how the department answered it."""

    notice: Notice
    answer: str  # 按期回复 / 逾期回复 / 逾期未回复 / 待回复

    @property
    def late(self) -> bool:
        return self.answer in ("逾期回复", "逾期未回复")


@dataclass
class LineDossier:
    line: Line
    report: Report | None = None
    targets: list[TargetActual] = field(default_factory=list)
    status: ItemStatus | None = None
    changes: list[StatusChange] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)  # each with .hosted: the department hosted it
    notices: list[NoticeAnswer] = field(default_factory=list)

    @property
    def evidence(self) -> list:
        return list(self.report.evidence.all()) if self.report else []

    @property
    def provisional(self) -> list[str]:
        """Why any of the targets' working-day figures are 暂定, each reason once."""
        return list(dict.fromkeys(reason for actual in self.targets for reason in actual.provisional))

    @property
    def dispute(self) -> LineStep | None:
        """The head's latest dispute, and the office's answer to it if any (``dispute.answer``)."""
        steps = list(self.line.steps.all())
        disputes = [i for i, step in enumerate(steps) if step.action == LineStep.Action.DISPUTE]
        if not disputes:
            return None
        last = disputes[-1]
        step = steps[last]
        step.answer = next((s for s in steps[last + 1:] if s.action == LineStep.Action.RESOLVE), None)
        return step


def answer_of(notice: Notice, today: date) -> str:
    if notice.replied_at is None:
        return "逾期未回复" if notice.reply_due < today else "待回复"
    return "逾期回复" if notice.answered_late else "按期回复"


def sheet_lines(sheet: Sheet):
    return (
        Line.objects.filter(sheet=sheet)
        .select_related("item", "item__task", "assignment", "applied_by", "decided_by")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("steps", queryset=LineStep.objects.select_related("by")),
        )
    )


def dossiers(sheet: Sheet, today: date) -> list[LineDossier]:
    """Every line of the sheet with its dossier, in about a dozen queries whatever the sheet's size."""
    lines = list(sheet_lines(sheet))
    for line in lines:
        line.sheet = sheet  # the forms ask whose sheet it is: no query per line
    department_id = sheet.department_id
    plan = sheet.reconciliation.plan
    items = [line.item for line in lines]
    item_ids = {item.pk for item in items}

    # The last frozen report per obligation: ordered oldest first, so the last one wins.
    last_report: dict[int, Report] = {}
    reports = (
        Report.objects.filter(department_id=department_id, item_id__in=item_ids, state__in=Report.FROZEN)
        .select_related("cycle").prefetch_related("evidence").order_by("cycle__start", "version", "pk")
    )
    for report in reports:
        last_report[report.assignment_id] = report

    statuses = {s.item_id: s for s in ItemStatus.objects.filter(item_id__in=item_ids)}
    changes: dict[int, list[StatusChange]] = defaultdict(list)
    for change in StatusChange.objects.filter(item_id__in=item_ids).order_by("at", "pk"):
        changes[change.item_id].append(change)

    meetings: dict[int, list[Meeting]] = defaultdict(list)
    involved = (
        Meeting.objects.filter(plan=plan, items__in=item_ids)
        .filter(Q(host_id=department_id) | Q(attendees__id=department_id))
        .distinct().select_related("host").prefetch_related("items").order_by("date", "pk")
    )
    for meeting in involved:
        meeting.hosted = meeting.host_id == department_id
        for item in meeting.items.all():
            if item.pk in item_ids:
                meetings[item.pk].append(meeting)

    notices: dict[int, list[NoticeAnswer]] = defaultdict(list)
    for notice in Notice.objects.filter(department_id=department_id, item_id__in=item_ids).order_by("issued_at", "pk"):
        notices[notice.item_id].append(NoticeAnswer(notice, answer_of(notice, today)))

    targets: dict[int, list[TargetActual]] = defaultdict(list)
    for actual in _actuals(Target.objects.filter(item_id__in=item_ids).order_by("item_id", "order"), plan, today):
        targets[actual.target.item_id].append(actual)

    return [
        LineDossier(line, last_report.get(line.assignment_id), targets[line.item_id], statuses.get(line.item_id),
                    changes[line.item_id], meetings[line.item_id], notices[line.item_id])
        for line in lines
    ]


def _actuals(targets, plan, today: date) -> list[TargetActual]:
    """Every target with its actual when cases measure it (the plan's, measured at once: a fixed
    number of queries); a year the calendar does not cover shows the promises alone."""
    try:
        measured = {actual.target.pk: actual for actual in plan_target_actuals(plan, today)}
    except CalendarNotCovered:
        measured = {}
    return [measured.get(target.pk) or TargetActual(target) for target in targets]


@dataclass(frozen=True)
class SheetCounts:
    """A sheet's lines by state and by decision, for the sheet's head and the overview."""

    total: int
    pending: int
    applied: int
    returned: int
    decided: int
    disputed: int
    closed: int
    carried_over: int
    adjusted: int

    @property
    def ready(self) -> bool:
        """Every line decided (none waiting, returned or disputed): the head may confirm."""
        return self.total > 0 and self.decided == self.total


COUNTED = {
    "pending": Q(lines__state=Line.State.PENDING),
    "applied": Q(lines__state=Line.State.APPLIED),
    "returned": Q(lines__state=Line.State.RETURNED),
    "decided": Q(lines__state=Line.State.DECIDED),
    "disputed": Q(lines__state=Line.State.DISPUTED),
    "closed": Q(lines__state=Line.State.DECIDED, lines__decision=Line.Decision.CLOSED),
    "carried_over": Q(lines__state=Line.State.DECIDED, lines__decision=Line.Decision.CARRIED_OVER),
    "adjusted": Q(lines__state=Line.State.DECIDED, lines__decision=Line.Decision.ADJUSTED),
}


def with_counts(sheets):
    """The sheets annotated with their counts (one query); read them with ``counts_of``."""
    return sheets.annotate(n_total=Count("lines"), **{f"n_{name}": Count("lines", filter=q)
                                                     for name, q in COUNTED.items()})


def counts_of(sheet: Sheet) -> SheetCounts:
    return SheetCounts(sheet.n_total, *(getattr(sheet, f"n_{name}") for name in COUNTED))


def sheet_status(sheet: Sheet, counts: SheetCounts) -> tuple[str, str]:
    """(code, label) of where the sheet stands: confirmed, disputed, ready for its head, or in progress."""
    if sheet.is_confirmed:
        return "confirmed", "已确认"
    if counts.disputed:
        return "disputed", "有异议"
    if counts.ready:
        return "ready", "待负责人确认"
    return "open", "对账中"
