"""Load the demo zone: registry, seed plan and accounts.  Every step is idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Role, User, UserRole
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Plan
from duban.zones.models import Department, Zone

DATA = resources.files("duban.demo") / "data"
SEED_PLAN = "zhundong-2020-fangguanfu-plan.txt"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    name: str
    department: str
    roles: tuple[str, ...]


# Demo passwords are public on purpose: they exist only in the demo zone.
DEMO_ACCOUNTS = (
    DemoAccount("office", "Duban@2020", "领导小组办公室", "经发局", (Role.OFFICE,)),
    DemoAccount("jingfa", "Jingfa@2020", "经发局联络员", "经发局", (Role.LIAISON,)),
    DemoAccount("jingfa_head", "JingfaHead@2020", "经发局负责人", "经发局", (Role.HEAD,)),
    DemoAccount("guijian", "Guijian@2020", "规建局联络员", "规建局", (Role.LIAISON,)),
    DemoAccount("guijian_head", "GuijianHead@2020", "规建局负责人", "规建局", (Role.HEAD,)),
    DemoAccount("jixiao", "Jixiao@2020", "绩效办", "党政办", (Role.ASSESSOR,)),
    DemoAccount("leader", "Leader@2020", "分管领导", "党政办", (Role.LEADER,)),
)


def registry() -> dict:
    return json.loads((DATA / "zhundong-departments.json").read_text(encoding="utf-8"))


@transaction.atomic
def load_zone() -> Zone:
    data = registry()
    zone, _ = Zone.objects.update_or_create(name=data["zone"], defaults={"calendar_region": data["calendar_region"]})
    for order, entry in enumerate(data["departments"], start=1):
        Department.objects.update_or_create(
            zone=zone, name=entry["name"],
            defaults={"short_name": entry["short_name"], "aliases": entry["aliases"], "kind": entry["kind"], "order": order},
        )
    return zone


def load_plan(zone: Zone) -> Plan:
    data = (DATA / SEED_PLAN).read_bytes()
    return import_plan(preview_import(zone, data, SEED_PLAN)).plan


@transaction.atomic
def load_accounts(zone: Zone) -> tuple[DemoAccount, ...]:
    departments = {d.name: d for d in zone.departments.all()}
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=account.username,
            defaults={"zone": zone, "department": departments[account.department], "first_name": account.name},
        )
        user.set_password(account.password)
        user.save()
        UserRole.objects.filter(user=user).exclude(role__in=account.roles).delete()
        for role in account.roles:
            UserRole.objects.get_or_create(user=user, role=role)
    return DEMO_ACCOUNTS


#: The demo replays the 2020 plan as of this day, so its ledger has a past and a present.
DEMO_TODAY = "2020-07-10"

SAMPLE_PROGRESS = [
    ("按计划推进，本月完成{topic}相关工作部署。", "", "下月继续跟进落实。"),
    ("已召开专题会议研究{topic}，形成工作清单。", "部分配合单位材料报送不及时。", "督促配合单位按时报送材料。"),
    ("{topic}工作已完成阶段性目标。", "", "巩固成果，做好总结。"),
]


def load_ledger(plan: Plan, today) -> int:
    """Sample reports for the demo: most cycles filed and accepted, some late, some at risk.

    Deterministic (the same demo every time) and loaded once: a plan that already has
    reports is left alone.  Returns the number of reports created.
    """
    from duban.ledger.models import Report, ReportTransition
    from duban.ledger.obligations import obligations_of_plan
    from duban.ledger.status import refresh

    if Report.objects.filter(item__task__plan=plan).exists():
        return 0
    author, _ = User.objects.get_or_create(
        username="demo-data", defaults={"zone": plan.zone, "first_name": "演示数据", "is_active": False}
    )
    cycles = [c for c in plan.cycles.order_by("start") if c.due < today]
    reports = []
    for obligation in obligations_of_plan(plan):
        item = obligation.item
        # A stable per-item pattern: which cycles this department skipped, and whether it reports a risk.
        seed = item.pk * 7 + obligation.department.pk
        for index, cycle in enumerate(cycles):
            last = index == len(cycles) - 1
            if last and seed % 4 == 0:
                continue  # the latest report is missing: amber
            if index >= len(cycles) - 2 and seed % 6 == 1:
                continue  # two missed: red
            progress, problems, next_steps = SAMPLE_PROGRESS[(seed + index) % len(SAMPLE_PROGRESS)]
            topic = item.task.title
            at_risk = last and seed % 5 == 2 and obligation.is_lead
            reports.append(Report(
                zone_id=plan.zone_id, assignment=obligation.assignment, department=obligation.department,
                item=item, cycle=cycle, is_lead=obligation.is_lead, created_by=author,
                progress=progress.format(topic=topic), problems=problems or ("进度滞后于计划" if at_risk else ""),
                next_steps=next_steps, completion=min(100, 15 * (index + 1)),
                self_status=Report.SelfStatus.AT_RISK if at_risk else Report.SelfStatus.ON_TRACK,
                state=Report.State.SUBMITTED if last else Report.State.ACCEPTED,
            ))
    Report.objects.bulk_create(reports)
    # bulk_create sets no auto_now/submitted_at chain: give every filed report its submission record.
    created = Report.objects.filter(item__task__plan=plan)
    created.update(submitted_at=timezone.now())
    ReportTransition.objects.bulk_create(
        ReportTransition(zone_id=plan.zone_id, report=r, action=ReportTransition.Action.SUBMIT,
                         from_state=Report.State.DRAFT, to_state=Report.State.SUBMITTED, by=author)
        for r in created
    )
    refresh(plan, today)
    return len(reports)
