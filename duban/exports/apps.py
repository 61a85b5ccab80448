from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "duban.exports"
    verbose_name = "导出"

    def ready(self):
        from duban.audit.registry import audit
        from duban.jobs import housekeeping
        from duban.jobs.interface import task_finished

        from .cleanup import remove_expired
        from .models import Export
        from .running import task_failed

        housekeeping.register("exports", lambda: str(remove_expired()))
        # Who exported what, and when: the request is the create (its actor the requester), the
        # outcome the update.  Progress and the file's random name are bookkeeping, not decisions.
        audit(Export, exclude_fields=["processed_rows", "progress_at", "task_id", "stored_name"])
        task_finished.connect(task_failed, dispatch_uid="exports-task-failed")
