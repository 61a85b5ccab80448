"""Open cases close to or past their limit → the responsible department (and, when overdue, its head
and the office).  One notification per department, day and stage; keys make reruns send nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.urls import reverse

from duban.accounts.models import Role, User
from duban.notifications.sending import notify
from duban.workdays.engine import CalendarNotCovered
from duban.zones.models import Zone

from .models import Case, ServiceType
from .queries import measure_zone

NEAR, OVERDUE = "near", "overdue"


@dataclass
class Flagged:
    case_id: int
    service_type: ServiceType
    stage: str
    days_left: float


def flagged_cases(zone, today: date, department_id=None, types=None) -> list[Flagged]:
    """Open cases within their type's warning window (days left ≤ warning_workdays) or overdue."""
    if types is None:
        types = ServiceType.objects.filter(zone=zone, limit_value__isnull=False).select_related("department")
        if department_id is not None:
            types = types.filter(department_id=department_id)
    types = list(types)
    if not types:
        return []
    measured = measure_zone(zone, today, types, received_to=today)
    r = measured.result
    warn = np.array([t.warning_workdays for t in types], dtype=float)[measured.columns.type_index]
    open_ = r.is_open & ~np.isnan(r.limit)
    hit = open_ & (r.overdue | (r.days_left <= warn))
    out = []
    for pos in np.flatnonzero(hit):
        t = types[measured.columns.type_index[pos]]
        out.append(Flagged(int(measured.ids[pos]), t, OVERDUE if r.overdue[pos] else NEAR, float(r.days_left[pos])))
    out.sort(key=lambda f: f.days_left)
    return out


def remind_cases(day: date) -> int:
    sent = 0
    for zone in Zone.objects.filter(pk__in=Case.objects.filter(completed_at__isnull=True).values("zone")):
        try:
            flagged = flagged_cases(zone, day)
        except CalendarNotCovered:
            continue  # the calendar reminders already ask the office to enter the year
        groups: dict[tuple, list[Flagged]] = defaultdict(list)
        for f in flagged:
            groups[(f.service_type.department_id, f.stage)].append(f)
        numbers = dict(Case.objects.filter(pk__in=[f.case_id for f in flagged]).values_list("pk", "number"))
        office = list(User.objects.filter(zone=zone, is_active=True, role_grants__role=Role.OFFICE))
        for (department_id, stage), items in groups.items():
            roles = [Role.LIAISON] + ([Role.HEAD] if stage == OVERDUE else [])
            recipients = list(User.objects.filter(zone=zone, is_active=True, department_id=department_id,
                                                  role_grants__role__in=roles).distinct()) if department_id else []
            if stage == OVERDUE or not recipients:
                recipients += office
            names = "、".join(sorted({f.service_type.name for f in items}))
            if stage == OVERDUE:
                title = f"{len(items)} 件办件已超过承诺时限（{names}）"
            else:
                title = f"{len(items)} 件办件即将到期（{names}）"
            body = "\n".join(
                f"{numbers[f.case_id]}："
                + (f"已超期 {-f.days_left:g} 天" if f.stage == OVERDUE else f"剩余 {f.days_left:g} 天")
                for f in items[:20])
            key = f"cases:{zone.pk}:{department_id or 0}:{day.isoformat()}:{stage}"
            sent += len(notify(zone, recipients, key, title, body, reverse("cases:list") + (
                "?open=1&overdue=1" if stage == OVERDUE else "?open=1")))  # the open ones it is about
    return sent
