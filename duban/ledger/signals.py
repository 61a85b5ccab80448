"""The ledger follows the plans and workdays apps without their knowing about it: a new plan gets
its schedule and cycles, and once its items are in, their statuses (so the overview counts every
item at once); an edit of the working-day calendar moves the due dates that count working days."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from duban.clock import today
from duban.plans.models import Plan
from duban.plans.signals import plan_imported
from duban.workdays.signals import calendar_edited

from .cycles import ensure_cycles
from .schedule import follow_calendar
from .status import refresh


@receiver(post_save, sender=Plan, dispatch_uid="ledger-plan-cycles")
def create_cycles(sender, instance: Plan, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        ensure_cycles(instance)


@receiver(plan_imported, dispatch_uid="ledger-plan-statuses")
def assess_new_plan(sender, plan: Plan, **kwargs):
    refresh(plan, today())


@receiver(calendar_edited, dispatch_uid="ledger-follow-calendar")
def redate_cycles(sender, zone=None, **kwargs):
    follow_calendar(zone)
