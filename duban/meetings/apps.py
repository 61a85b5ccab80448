from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "duban.meetings"
    verbose_name = "推进会议"

    def ready(self):
        from duban.audit.registry import audit
        from duban.notifications import reminders

        from .models import Decision, Meeting
        from .reminders import remind_actions

        audit(Meeting, m2m_fields=["attendees", "items"])
        audit(Decision)
        # `duban remind` runs every registered job; notifications never imports meetings.
        reminders.register("跟踪事项", remind_actions)
