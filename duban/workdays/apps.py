from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "duban.workdays"
    verbose_name = "工作日历"

    def ready(self):
        from duban.audit.registry import audit

        from . import signals  # noqa: F401
        from .models import CalendarEntry, CoveredYear

        # Every change the office makes to the calendar is audited (issue 3).
        audit(CalendarEntry)
        audit(CoveredYear)
