from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "duban.ledger"
    verbose_name = "台账"

    def ready(self):
        from duban.audit.registry import audit
        from duban.exports import kinds
        from duban.notifications import reminders

        from . import signals  # noqa: F401
        from .exporting import KIND
        from .reminders import ledger_job
        from .models import Evidence, ItemStatus, Report, ReportTransition

        # revision is the optimistic-lock counter, bumped on every save: not a change anyone made.
        audit(Report, exclude_fields=["revision"])
        audit(ReportTransition)
        audit(Evidence)
        audit(ItemStatus)
        reminders.register("台账", ledger_job)
        kinds.register(KIND)
