from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "duban.audit"
    verbose_name = "审计日志"

    def ready(self):
        from duban.accounts.models import User

        from . import signals  # noqa: F401
        from .registry import audit

        # Accounts sit below the audit trail, so it puts them on it: who created, changed or
        # deactivated a user, and who set whose password (recorded, never the hash).
        audit(User, exclude_fields=["last_login"], concealed_fields=["password"])
