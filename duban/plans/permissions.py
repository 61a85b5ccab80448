"""Who may do what with plans.  Every plans view goes through these functions.

A plan is the zone's published document: everyone of the zone may read it.
Only the steering office (领导小组办公室) imports plans.
"""

from django.shortcuts import get_object_or_404

from duban.accounts.permissions import is_office
from duban.zones.models import Department

from .models import Plan


def visible_plans(user):
    # The uploaded file and its text are large and only the preview needs them.
    return Plan.objects.filter(zone_id=user.zone_id).defer("source_file", "source_text")


def get_plan(user, plan_id: int) -> Plan:
    return get_object_or_404(visible_plans(user), pk=plan_id)


def get_department(user, department_id: int) -> Department:
    return get_object_or_404(Department.objects.filter(zone_id=user.zone_id), pk=department_id)


def can_import_plan(user) -> bool:
    return is_office(user)
