"""催办单: what one department has let run past its due date, listed for it to act on.

Four kinds of overdue work, as duban's own rules define them:

- a ledger report not filed after its cycle's due date (``ledger.queries.department_dues``: a done
  item owes nothing more, a cycle filed in any version counts as filed);
- a 督办通知 addressed to it and not answered by its reply deadline;
- an item it leads past its 完成时限 and not done;
- a meeting's follow-up action (跟踪事项) it owns, open past its due date.

Each row says by how many working days (工作日, on the zone's calendar) it is late.  The sheet is
issued in the name of the office of the zone's current plan, dated today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duban.documents.gongwen import Gongwen, issue_date
from duban.ledger.models import ItemStatus
from duban.ledger.queries import department_dues
from duban.meetings.models import Decision
from duban.plans.models import Assignment, Item, Plan
from duban.supervision.models import Notice
from duban.workdays.engine import CalendarNotCovered
from duban.workdays.services import calendar_for_zone
from duban.zones.models import Department

from .naming import issuing_office
from .wording import lead_in

REPORT, NOTICE, DEADLINE, ACTION = "台账逾期未报送", "督办通知逾期未回复", "超过完成时限未完成", "跟踪事项逾期未完成"
KINDS = (REPORT, NOTICE, DEADLINE, ACTION)


@dataclass(frozen=True)
class Overdue:
    kind: str
    what: str
    due: date
    late_workdays: int | None  # None: the calendar does not cover the days in between yet


def overdue_work(department: Department, today: date) -> list[Overdue]:
    """Everything the department owes past its due date, oldest due first."""
    found: list[tuple[str, str, date]] = []
    for due in department_dues(department, today):
        if due.overdue:
            item = due.obligation.item
            found.append((REPORT, f"{item.code} {lead_in(item.text)}（{due.cycle.label}台账）", due.cycle.due))
    notices = (Notice.objects.filter(department=department, replied_at__isnull=True, reply_due__lt=today)
               .select_related("item__task"))
    for notice in notices:
        found.append((NOTICE, f"{notice.item.code} {lead_in(notice.instruction)}", notice.reply_due))
    done = ItemStatus.objects.filter(zone_id=department.zone_id, done=True).values("item_id")
    late_items = (
        Item.objects.filter(assignments__department=department, assignments__role=Assignment.Role.LEAD,
                            deadline__lt=today).exclude(pk__in=done).select_related("task").distinct()
    )
    for item in late_items:
        found.append((DEADLINE, f"{item.code} {lead_in(item.text)}", item.deadline))
    actions = (Decision.objects.filter(owner=department, status=Decision.Status.OPEN, due__lt=today)
               .select_related("meeting"))
    for action in actions:
        found.append((ACTION, f"{action.meeting.title}：{lead_in(action.text)}", action.due))
    calendar = calendar_for_zone(department.zone)
    return [Overdue(kind, what, due, _late(calendar, due, today))
            for kind, what, due in sorted(found, key=lambda f: (f[2], KINDS.index(f[0])))]


def _late(calendar, due: date, today: date) -> int | None:
    try:
        return calendar.count(due, today)  # working days after the due day, up to today
    except CalendarNotCovered:
        return None


def write(department: Department, today: date) -> bytes:
    rows = overdue_work(department, today)
    plan = Plan.objects.filter(zone_id=department.zone_id).order_by("-year", "-imported_at").first()
    zone_name = department.zone.name
    doc = Gongwen()
    doc.title("催办单")
    doc.addressee(f"{department.name}：")
    if rows:
        counts = [f"{kind}{sum(r.kind == kind for r in rows)}项" for kind in KINDS if any(r.kind == kind for r in rows)]
        doc.paragraph(f"截至{issue_date(today)}，你单位有{len(rows)}项工作逾期：{'、'.join(counts)}，明细见下表。"
                      "请抓紧办理，并及时在督办系统中报送、回复。")
        doc.table(["序号", "事项", "类别", "截止日期", "逾期工作日"],
                  [[n, r.what, r.kind, issue_date(r.due), r.late_workdays] for n, r in enumerate(rows, 1)],
                  widths=[2.5, 10, 4.5, 9, 5.5])  # in 4号 characters: a date and 逾期工作日 on one line
    else:
        doc.paragraph(f"截至{issue_date(today)}，你单位无逾期工作。")
    issuer = issuing_office(zone_name, plan.title) if plan else f"{zone_name}领导小组办公室"
    doc.signature(issuer, today)
    return doc.to_bytes()
