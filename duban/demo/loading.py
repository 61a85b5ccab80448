"""Load the demo zone: registry, seed plan and accounts.  Every step is idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

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
