from django.apps import AppConfig


class ClosingConfig(AppConfig):
    name = "duban.closing"
    verbose_name = "对账销号"

    def ready(self):
        from duban.audit.registry import audit

        from .models import Attachment, CarryOver, Line, LineStep, Reconciliation, Sheet

        audit(Reconciliation)
        audit(Sheet)
        audit(Line)
        audit(LineStep)
        audit(Attachment)
        audit(CarryOver)
