"""Issuing, answering and chasing 督办通知; every notification is keyed so it is sent once.

Keys: ``notice-issued:<id>`` to the addressee's liaisons and head when issued,
``notice-replied:<id>`` to the issuer when answered, ``notice-overdue:<id>`` to the
addressee and the zone's office once the reply deadline has passed unanswered.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from duban.accounts.models import Role, User
from duban.clock import now
from duban.dates import cn_date
from duban.notifications.models import Notification
from duban.notifications.sending import notify
from duban.plans.models import Assignment, Item

from .models import Notice


class AlreadyReplied(ValueError):
    """The notice was answered already; a reply is final."""


def _speakers(department_id: int):
    """The people who answer for a department: its active liaisons and head."""
    return User.objects.filter(
        department_id=department_id, is_active=True, role_grants__role__in=[Role.LIAISON, Role.HEAD]
    ).distinct()


def _office(zone_id: int):
    return User.objects.filter(zone_id=zone_id, is_active=True, role_grants__role=Role.OFFICE).distinct()


def _item_name(item: Item) -> str:
    return f"{item.task.number}{item.label}"


def usual_addressee(item: Item) -> int | None:
    """The department a notice on this item usually goes to: its first named lead department."""
    lead = item.assignments.filter(role=Assignment.Role.LEAD, department__isnull=False).order_by("order").first()
    return lead.department_id if lead else None


@transaction.atomic
def issue(item: Item, department, instruction: str, reply_due: date, user) -> Notice:
    notice = Notice.objects.create(
        zone_id=item.zone_id, item=item, department=department, instruction=instruction, reply_due=reply_due,
        issued_by=user,
    )
    notify(
        item.zone, _speakers(department.pk), f"notice-issued:{notice.pk}",
        f"督办通知：{_item_name(item)}，请于{cn_date(reply_due)}前回复",
        instruction, reverse("supervision:detail", args=[notice.pk]),
    )
    return notice


@transaction.atomic
def reply(notice: Notice, text: str, user) -> Notice:
    # Locked and re-read: of two replies sent at once, the second finds the notice answered.
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.is_replied:
        raise AlreadyReplied("该督办通知已回复，不能再次修改")
    # On duban's clock: the reply is compared with its deadline (assessment: 督办通知未按期回复).
    locked.reply, locked.replied_by, locked.replied_at = text, user, now()
    locked.save()
    notify(
        notice.item.zone, [locked.issued_by], f"notice-replied:{locked.pk}",
        f"{notice.department.name}已回复督办通知：{_item_name(notice.item)}",
        text, reverse("supervision:detail", args=[locked.pk]),
    )
    return locked


def _overdue_key(notice: Notice) -> str:
    return f"notice-overdue:{notice.pk}"


def remind_notices(today: date) -> int:
    """Notify once about every notice past its reply deadline without a reply.  Returns notifications sent."""
    sent = 0
    overdue = (
        Notice.objects.filter(replied_at__isnull=True, reply_due__lt=today)
        .select_related("zone", "department", "item", "item__task")
        .order_by("zone_id", "pk")
    )
    overdue = list(overdue)
    # Notices already chased are skipped without a query per recipient: the job stays cheap as years pass.
    chased = set(Notification.objects.filter(key__in=[_overdue_key(n) for n in overdue]).values_list("key", flat=True))
    offices: dict[int, list[User]] = {}
    for notice in overdue:
        if _overdue_key(notice) in chased:
            continue
        if notice.zone_id not in offices:
            offices[notice.zone_id] = list(_office(notice.zone_id))
        recipients = [*_speakers(notice.department_id), *offices[notice.zone_id]]
        created = notify(
            notice.zone, recipients, _overdue_key(notice),
            f"{notice.department.name}：督办通知（{_item_name(notice.item)}）逾期未回复，回复期限{cn_date(notice.reply_due)}",
            notice.instruction, reverse("supervision:detail", args=[notice.pk]),
        )
        sent += len(created)
    return sent
