"""Which departments lead a plan: the ones that may host its progress meetings and must hold them.

Lead assignments are read through the ledger's obligations, so a lead assignment to 各部门
makes every department of the zone a lead department, exactly as the ledger counts reports.
"""

from __future__ import annotations

from duban.ledger.obligations import obligations_of_plan
from duban.plans.models import Plan
from duban.zones.models import Department


def lead_departments(plan: Plan) -> list[Department]:
    """The plan's lead departments, in registry order (two queries)."""
    leads = {o.department.pk: o.department for o in obligations_of_plan(plan) if o.is_lead}
    return sorted(leads.values(), key=lambda d: (d.order, d.name))


def leads_plan(department_id: int | None, plan: Plan) -> bool:
    return department_id is not None and any(d.pk == department_id for d in lead_departments(plan))
