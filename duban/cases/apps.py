from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "duban.cases"
    verbose_name = "办件与指标"

    def ready(self):
        from duban.audit.registry import audit
        from duban.exports import kinds
        from duban.jobs.interface import task_finished
        from duban.jobs import housekeeping
        from duban.ledger.status import register_finder
        from duban.notifications.reminders import register

        from .exporting import KIND
        from .jobs import remove_old_files, task_failed
        from .models import ApiToken, ClockStop, ServiceType
        from .reminders import remind_cases
        from .targets import target_findings

        # Cases themselves are not audited: imports and the API write them in bulk
        # (bulk_create bypasses the signals auditlog listens to), so a trail would be
        # incomplete and misleading.  Each import is recorded as an ImportJob instead.
        audit(ServiceType)
        audit(ClockStop)  # entered by hand on the case page; bulk writes (imports, the API) are not
        audit(ApiToken, exclude_fields=["token_hash", "last_used_at"])
        register_finder(target_findings)
        register("cases", remind_cases)
        task_finished.connect(task_failed, dispatch_uid="cases-import-task-failed")
        kinds.register(KIND)
        housekeeping.register("cases.imports", remove_old_files)
