from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    verbose_name = "改革方案"

    def ready(self):
        from duban.audit.registry import audit
        from duban.jobs import housekeeping

        from . import pending
        from .models import Assignment, Item, Plan, Target

        housekeeping.register("plans.pending", pending.remove_abandoned)

        # The source text is the whole document, never edited; the checksum already names it.
        audit(Plan, exclude_fields=["source_text"])
        audit(Item)
        audit(Assignment)
        audit(Target)
