from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    verbose_name = "督办通知"

    def ready(self):
        from duban.audit.registry import audit
        from duban.notifications import reminders

        from .models import Notice
        from .notices import remind_notices

        audit(Notice)
        # `duban remind` runs every registered job; notifications never imports supervision.
        reminders.register("督办通知", remind_notices)
