from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "duban.meetings"
    verbose_name = "推进会议"

    def ready(self):
        from duban.audit.registry import audit

        from .models import Decision, Meeting

        audit(Meeting, m2m_fields=["attendees", "items"])
        audit(Decision)
