"""The ledger follows the plans app without plans knowing about it: a new plan gets its schedule and cycles."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from duban.plans.models import Plan

from .cycles import ensure_cycles


@receiver(post_save, sender=Plan, dispatch_uid="ledger-plan-cycles")
def create_cycles(sender, instance: Plan, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        ensure_cycles(instance)
