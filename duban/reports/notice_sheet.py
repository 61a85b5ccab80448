"""督办通知单: the printable form of one 督办通知 — to whom, on which item, what to do, by when.

Issued in the steering office's name on the day the notice was issued; its number (督〔2020〕3号)
counts the zone's notices of that year in the order they were issued.  The reply, once made in
duban, is printed in 办理情况.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from duban.documents.gongwen import Gongwen, issue_date
from duban.ledger.models import ItemStatus
from duban.plans.models import Assignment
from duban.supervision.models import Notice

from .naming import issuing_office
from .wording import sentence, status_words, tidy


def number(notice: Notice) -> str:
    """督〔2020〕3号: the notice's place among its zone's notices issued in the same year."""
    year = timezone.localtime(notice.issued_at).year
    earlier = Q(issued_at__lt=notice.issued_at) | Q(issued_at=notice.issued_at, pk__lte=notice.pk)
    place = Notice.objects.filter(earlier, zone_id=notice.zone_id, issued_at__year=year).count()
    return f"督〔{year}〕{place}号"


def _deadline(item) -> str:
    if item.deadline:
        return issue_date(item.deadline)
    if item.ongoing:
        return "持续推进"
    return item.deadline_text or "未明确"


def _departments(item, role: str) -> str:
    names = [a.department_name for a in item.assignments.all() if a.role == role]
    return "、".join(names) or "无"


def write(notice: Notice, today: date) -> bytes:
    item = notice.item
    plan = item.task.plan
    status = ItemStatus.objects.filter(item=item).first()
    issued_on = timezone.localtime(notice.issued_at).date()

    doc = Gongwen()
    doc.title("督办通知单")
    doc.addressee(f"{notice.department.name}：")
    doc.paragraph(f"根据《{plan.title}》，现就{item.code}具体任务督办如下：")
    doc.paragraph(notice.instruction)
    doc.paragraph(f"请于{issue_date(notice.reply_due)}前在督办系统中回复办理情况。")

    state = notice.state(today)
    if notice.is_replied:
        by = notice.replied_by
        who = (by.first_name or by.username) if by else notice.department.name
        handled = f"{sentence(notice.reply)}（{who}于{issue_date(timezone.localtime(notice.replied_at).date())}回复）"
    else:
        handled = state.label
    current = status_words(status)
    if status is not None and not status.done and status.colour != ItemStatus.Colour.GREEN:
        current += f"：{sentence(tidy('；'.join(status.reasons)))}"
    doc.table(None, [
        ["督办编号", number(notice)],
        ["具体任务", f"{item.code} {item.text}"],
        ["牵头部门", _departments(item, Assignment.Role.LEAD)],
        ["配合部门", _departments(item, Assignment.Role.COOPERATING)],
        ["完成时限", _deadline(item)],
        ["当前状态", current],
        ["督办对象", notice.department.name],
        ["回复期限", issue_date(notice.reply_due)],
        ["办理情况", handled],
    ], widths=[1, 4])
    doc.signature(issuing_office(plan.zone.name, plan.title), issued_on)
    return doc.to_bytes()
